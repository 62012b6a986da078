/** A JSON value, as sent to or received from an upstream API. */
export type JsonValue = null | string | number | boolean | JsonObject | JsonValue[];

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue | undefined };

/** A JSON Schema document (draft 2020-12 or 7), passed through to vendors as is. */
export type JsonSchema = JsonObject;
