// Error texts for the UI: the server's codes come from the error catalog (errors.gen.ts, generated
// from src/core/errors.def); the few codes the UI makes up itself are declared here.
import { ERRORS } from "./errors.gen";

/** Codes no server raises: the UI reports them itself ([Japanese, English]). */
export const CLIENT_ERRORS: Readonly<Record<string, readonly [string, string]>> = {
  network_error: ["サーバーに接続できません。ネットワークを確認して、再度お試しください。", "Cannot reach the server. Check the network and try again."],
  server_error: ["サーバーでエラーが発生しました。時間をおいて再度お試しください。", "The server had an error. Try again later."],
};

/** [Japanese, English] generic text for a code, or undefined for a code nobody declared. */
export function errorTexts(code: string): readonly [string, string] | undefined {
  const e = Object.hasOwn(ERRORS, code) ? ERRORS[code] : undefined;
  if (e) return [e[1], e[2]];
  return Object.hasOwn(CLIENT_ERRORS, code) ? CLIENT_ERRORS[code] : undefined;
}
