/**
 * A TCP relay in front of the server that delays websocket messages.
 *
 * Chrome's network emulation (`Network.emulateNetworkConditions`) works per
 * request: it delays and slows HTTP requests and the websocket handshake, but
 * passes websocket messages through at once, so a board sync or an ack would
 * cost no round trip at all. The relay passes HTTP through untouched (Chrome
 * throttles that) and, once a connection has switched protocols (101), delays
 * every chunk in both directions by half the profile's round-trip time.
 * Chunks keep their order: every chunk of a connection waits the same time.
 */
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net'

export interface WebsocketDelay {
  /** The relay's origin; open pages here instead of on the server. */
  url: string
  /** Round-trip time added to websocket messages on connections upgraded from now on (0 for none). */
  setRoundTrip(ms: number): void
  close(): Promise<void>
}

const HEADERS_END = Buffer.from('\r\n\r\n')

export async function startWebsocketDelay(target: string): Promise<WebsocketDelay> {
  const { hostname, port } = new URL(target)
  let roundTripMs = 0
  const sockets = new Set<Socket>()

  const server: Server = createServer((client) => {
    const upstream = tcpConnect(Number(port), hostname)
    for (const s of [client, upstream]) {
      s.setNoDelay(true)
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
    }
    /** One-way delay of this connection, fixed when it upgrades; undefined while it speaks HTTP. */
    let delay: number | undefined
    /** True while a 101 response's headers are passing through. */
    let inUpgrade = false
    let tail = Buffer.alloc(0)

    const later = (to: Socket, fn: () => void) => {
      if (!delay) return fn()
      setTimeout(() => {
        if (!to.destroyed) fn()
      }, delay)
    }
    const forward = (to: Socket, data: Buffer) => later(to, () => to.write(data))

    client.on('data', (data: Buffer) => forward(upstream, data))
    upstream.on('data', (data: Buffer) => {
      if (delay !== undefined) return forward(client, data)
      if (!inUpgrade && data.subarray(0, 12).toString('latin1') === 'HTTP/1.1 101') inUpgrade = true
      if (!inUpgrade) return client.write(data)
      // Pass the 101 headers at once; whatever follows them is websocket traffic.
      const seen = Buffer.concat([tail, data])
      const end = seen.indexOf(HEADERS_END)
      if (end === -1) {
        tail = seen.subarray(-3)
        return client.write(data)
      }
      const headerBytes = end + HEADERS_END.length - tail.length
      client.write(data.subarray(0, headerBytes))
      delay = roundTripMs / 2
      if (headerBytes < data.length) forward(client, data.subarray(headerBytes))
    })
    client.on('end', () => later(upstream, () => upstream.end()))
    upstream.on('end', () => later(client, () => client.end()))
    client.on('error', () => upstream.destroy())
    upstream.on('error', () => client.destroy())
  })

  await new Promise<void>((res, rej) => {
    server.once('error', rej)
    server.listen(0, '127.0.0.1', () => res())
  })
  const address = server.address()
  const relayPort = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${relayPort}`,
    setRoundTrip(ms) {
      roundTripMs = ms
    },
    close: () =>
      new Promise<void>((res) => {
        for (const s of sockets) s.destroy()
        server.close(() => res())
      }),
  }
}
