// CloudEvents binary mode: attributes travel as lowercase `ce-` headers, exactly as spelled here
// (NATS header keys are case-sensitive).

export const CEHeaderPrefix = "ce-";

export const CESpecVersion = "ce-specversion";
export const CEType = "ce-type";
export const CESource = "ce-source";
/** The message id header; the publisher sets a UUID v4 unless the user gave one. */
export const CEID = "ce-id";
export const CETime = "ce-time";
export const CEDataContentType = "ce-datacontenttype";
export const CESubject = "ce-subject";
export const CEDataSchema = "ce-dataschema";
/** Extension attribute, never set by the transport itself. */
export const CECorrelationID = "ce-correlationid";

export const CESpecVersionValue = "1.0";
/** `ce-datacontenttype` the publisher sets by default (the body is JSON). */
export const CEDefaultDataContentType = "application/json";

/** Required attributes, in the order validation reports them. */
export const CERequiredAttributes: readonly string[] = Object.freeze([
  CESpecVersion,
  CEType,
  CESource,
  CEID,
  CETime,
]);
