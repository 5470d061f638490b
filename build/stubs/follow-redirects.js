// Bundled in place of `follow-redirects` (see electron.vite.config.ts): every Authdesk axios client sets
// `maxRedirects: 0` (the sender runs its own redirect loop so credentials never cross origins), and with it axios
// uses Node's http/https directly.
export default { http: undefined, https: undefined };
