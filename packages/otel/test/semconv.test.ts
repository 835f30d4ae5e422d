import * as upstream from "@opentelemetry/semantic-conventions/incubating";
import { describe, expect, it } from "vitest";
import * as local from "../src/semconv.js";

describe("local copies of incubating semantic-convention names", () => {
  it("equal the names @opentelemetry/semantic-conventions/incubating defines", () => {
    const pairs: [string, string][] = [
      [local.ATTR_MESSAGING_CONSUMER_GROUP_NAME, upstream.ATTR_MESSAGING_CONSUMER_GROUP_NAME],
      [local.ATTR_MESSAGING_DESTINATION_NAME, upstream.ATTR_MESSAGING_DESTINATION_NAME],
      [local.ATTR_MESSAGING_MESSAGE_BODY_SIZE, upstream.ATTR_MESSAGING_MESSAGE_BODY_SIZE],
      [local.ATTR_MESSAGING_MESSAGE_ID, upstream.ATTR_MESSAGING_MESSAGE_ID],
      [local.ATTR_MESSAGING_OPERATION, upstream.ATTR_MESSAGING_OPERATION],
      [local.ATTR_MESSAGING_OPERATION_TYPE, upstream.ATTR_MESSAGING_OPERATION_TYPE],
      [local.ATTR_MESSAGING_SYSTEM, upstream.ATTR_MESSAGING_SYSTEM],
      [local.MESSAGING_OPERATION_TYPE_VALUE_PROCESS, upstream.MESSAGING_OPERATION_TYPE_VALUE_PROCESS],
      [local.MESSAGING_OPERATION_TYPE_VALUE_SEND, upstream.MESSAGING_OPERATION_TYPE_VALUE_SEND],
    ];
    expect(pairs).toHaveLength(Object.keys(local).length);
    for (const [mine, theirs] of pairs) expect(mine).toBe(theirs);
  });
});
