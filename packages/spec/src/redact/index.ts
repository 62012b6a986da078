export { REDACTED, type RedactSecretsOptions, redactSecrets } from './redact-secrets.js';
