import { validatorPath } from "./validator";

/** Fails the run before anything starts when the validator is not configured. */
export default function setup() {
  validatorPath();
}
