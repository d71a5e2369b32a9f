import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
// Bundled by Vite: the validator reads this file with node:fs at run time, and workerd has
// no file system, so the test hands it the compiled schema instead.
import openApi31Schema from "../../node_modules/@seriousme/openapi-schema-validator/schemas/v3.1/schema.json";

/**
 * @seriousme/openapi-schema-validator, running inside workerd: the same Ajv 2020 setup its
 * getAjvValidator("3.1") builds (formats, media-range), compiled from the bundled schema and
 * placed in the validator's cache. validate() then does the JSON Schema check and its $ref
 * check unchanged.
 */
export function openApi31Validator(): Validator {
  const validator = new Validator();
  const internals = validator as unknown as { ajvOptions: object; ajvValidators: Record<string, unknown> };
  const ajv = new (Ajv2020 as unknown as new (o: object) => { addFormat(n: string, f: boolean): void; compile(s: object): unknown })(internals.ajvOptions);
  (addFormats as unknown as (a: unknown) => void)(ajv);
  ajv.addFormat("media-range", true);
  internals.ajvValidators["3.1"] = ajv.compile(openApi31Schema);
  return validator;
}
