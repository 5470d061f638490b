// Bundled in place of axios' own lib/adapters/fetch.js (see electron.vite.config.ts): Authdesk never uses the fetch
// adapter (the sender calls axios' http adapter, and in Node the OAuth client's default adapter list picks http before
// fetch). The real module builds a fetch client when it loads, feature-testing Request, Response and streams: about
// 20 ms of every CLI start. `getFetch` answering false makes axios skip the adapter, as when fetch is unavailable.
export const getFetch = () => false;
export default false;
