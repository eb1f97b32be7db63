// Secrets never leave the program: every message, log line and reply passes through here on its
// way out. Credentials in a URL's userinfo (https://user:token@host, ssh://user:pw@host), token-like
// query parameters (?X-Amz-Signature=..., &access_token=...) and Authorization header values are
// replaced by "***"; the rest of the text (host, path, the parameter's name) stays readable.

export const redacted = '***';

// scheme://userinfo@host: greedy up to the last "@" before the path, so that a password with an
// unencoded "@" is redacted whole.
const urlUserinfo = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#"'<>]*@/gi;

// A query parameter (or form field) whose name says it holds a secret.
const secretParameter =
  /([?&;](?:[\w.-]*?)(?:token|signature|secret|password|passwd|pwd|credential|api[-_]?key|access[-_]?key|sig|session|auth)(?:[\w.-]*)=)([^&#\s"'<>]+)/gi;

// An environment-style assignment: GITHUB_TOKEN=..., AWS_SECRET_ACCESS_KEY=...
const secretVariable = /\b([A-Z0-9_]*(?:TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?|API_KEY|ACCESS_KEY)[A-Z0-9_]*=)([^\s"'<>]+)/g;

const authorizationValue = /\b(authorization:\s*(?:bearer\s+|basic\s+|token\s+)?|bearer\s+)([A-Za-z0-9._~+/=-]{8,})/gi;

/** The text with every credential it carries replaced by "***". */
export function redactSecrets(text: string): string {
  return text
    .replace(urlUserinfo, (_whole, scheme: string) => `${scheme}${redacted}@`)
    .replace(secretParameter, (_whole, name: string) => `${name}${redacted}`)
    .replace(secretVariable, (_whole, name: string) => `${name}${redacted}`)
    .replace(authorizationValue, (_whole, label: string) => `${label}${redacted}`);
}
