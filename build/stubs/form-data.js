// Bundled in place of the `form-data` package (see electron.vite.config.ts): Authdesk sends string bodies only, so
// axios never builds a multipart body; the class exists for axios' `instanceof` checks.
export default class FormData {}
