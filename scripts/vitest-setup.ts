// Fail the run on any unhandled rejection instead of letting it pass silently.
process.on("unhandledRejection", (reason) => {
  throw reason;
});
