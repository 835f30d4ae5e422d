/** Subjects the responder process serves: a raw echo subscription and a natsflux NatsResponder. */
export const rawSubject = "bench.rr.raw";
export const fluxSubject = "bench.rr.flux";
