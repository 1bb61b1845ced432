'use strict'
// The OCR thread's entry (tesseract.js `workerPath`). Nothing may leave the
// server: language data and the engine come from npm packages on disk, so any
// network use in this thread is a bug. Every way out throws before the real
// tesseract.js worker script loads, so such a bug fails loudly instead of
// quietly fetching from a CDN.
const http = require('node:http')
const https = require('node:https')
const net = require('node:net')
const tls = require('node:tls')
const refuse = (what) => () => {
  throw new Error(`VGA_OCR_NETWORK: the OCR worker tried to use the network (${what})`)
}
http.request = refuse('http')
http.get = refuse('http')
https.request = refuse('https')
https.get = refuse('https')
net.connect = refuse('net')
net.createConnection = refuse('net')
net.Socket.prototype.connect = refuse('socket')
tls.connect = refuse('tls')
globalThis.fetch = refuse('fetch')
require('tesseract.js/src/worker-script/node/index.js')
