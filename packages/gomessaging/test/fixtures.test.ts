import { afterAll } from "vitest";
import { FixtureTally } from "../src/fixtures/index.js";
import { cloudEventsSuite } from "./suites/cloudevents.js";
import { constantsSuite } from "./suites/constants.js";
import { namingSuite } from "./suites/naming.js";
import { tckSuite } from "./suites/tck.js";
import { topologySuite } from "./suites/topology.js";
import { validateSuite } from "./suites/validate.js";

// Every gomessaging fixture case, one `it` each, counted so the run shows how many were executed.
const tally = new FixtureTally();

constantsSuite(tally);
namingSuite(tally);
cloudEventsSuite(tally);
validateSuite(tally);
topologySuite(tally);
tckSuite(tally);

afterAll(() => {
  console.log(tally.summary("spec fixtures"));
});
