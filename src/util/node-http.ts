// node:http, loaded without its ES-module namespace. `import … from 'node:http'` builds the
// whole namespace, and its lazy getters (WebSocket, …) pull in undici, TLS, crypto and HTTP/2:
// measured here, 20 ms more start-up and 18 MB more resident memory than getBuiltinModule,
// which loads just http (~2 ms). Every CLI call and the daemon's idle memory pay for that.
export const http = process.getBuiltinModule('node:http') as typeof import('node:http');
