/**
 * Vægavis at http://127.0.0.1:<port>/vaegavis/ behind a reverse proxy, as a
 * club would put it behind Caddy or nginx. The proxy here is a few lines of
 * node:http that refuse anything outside /vaegavis/, so a URL the client
 * builds without the prefix fails the test instead of quietly reaching the
 * server. It runs once with a proxy that strips the prefix (Caddy
 * `handle_path`) and once with one that passes it on (Caddy `handle`).
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { connect } from 'node:net'
import { type BrowserContext, devices, type Page } from '@playwright/test'
import { expect, FacilitatorPage, PhoneView, test, WallView } from '../fixtures/index.ts'
import { type RunningServer, startServer } from '../fixtures/server.ts'

const PREFIX = '/vaegavis'

// The UI follows the browser's language; these tests find things by their Danish text.
test.use({ locale: 'da-DK' })

interface PrefixProxy {
  /** `http://127.0.0.1:<port>`, without the prefix. */
  origin: string
  /** Requests (and websocket upgrades) it refused because they were outside the prefix. */
  refused: string[]
  close(): Promise<void>
}

/** A reverse proxy serving `target` at PREFIX, stripping the prefix or passing it on. */
async function prefixProxy(target: string, opts: { strip: boolean }): Promise<PrefixProxy> {
  const upstream = new URL(target)
  const refused: string[] = []
  const sockets = new Set<Socket>()
  const inside = (url: string) => url === PREFIX || url.startsWith(`${PREFIX}/`) || url.startsWith(`${PREFIX}?`)
  const forwardPath = (url: string) => {
    if (!opts.strip) return url
    const rest = url.slice(PREFIX.length)
    return rest.startsWith('/') ? rest : `/${rest}`
  }
  // Like Caddy: the browser's Host goes through, plus the usual X-Forwarded-*.
  const forwardHeaders = (headers: IncomingHttpHeaders, remote: string | undefined): IncomingHttpHeaders => ({
    ...headers,
    'x-forwarded-for': remote ?? '127.0.0.1',
    'x-forwarded-proto': 'http',
    'x-forwarded-host': headers.host,
  })

  const server = createServer((req, res) => {
    const url = req.url ?? '/'
    if (!inside(url)) {
      refused.push(`${req.method} ${url}`)
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`outside ${PREFIX}/`)
      return
    }
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: forwardPath(url),
        headers: forwardHeaders(req.headers, req.socket.remoteAddress),
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    forward.on('error', () => res.destroy())
    req.pipe(forward)
  })

  server.on('upgrade', (req, client: Socket, head: Buffer) => {
    const url = req.url ?? '/'
    sockets.add(client)
    client.on('close', () => sockets.delete(client))
    client.on('error', () => client.destroy())
    if (!inside(url)) {
      refused.push(`UPGRADE ${url}`)
      client.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n')
      return
    }
    const up = connect(Number(upstream.port), upstream.hostname, () => {
      const headers = forwardHeaders(req.headers, req.socket.remoteAddress)
      const lines = Object.entries(headers).flatMap(([k, v]) =>
        v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((one) => `${k}: ${one}`),
      )
      up.write(`${req.method} ${forwardPath(url)} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`)
      if (head.length > 0) up.write(head)
      client.pipe(up)
      up.pipe(client)
    })
    sockets.add(up)
    up.on('close', () => {
      sockets.delete(up)
      client.destroy()
    })
    up.on('error', () => client.destroy())
    client.on('close', () => up.destroy())
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Every URL a page requests, websockets included. */
function recordRequests(page: Page, into: string[]): void {
  page.on('request', (r) => {
    if (!/^(data|blob):/.test(r.url())) into.push(r.url())
  })
  page.on('websocket', (ws) => into.push(ws.url()))
}

for (const style of [
  { name: 'strips the prefix', strip: true },
  { name: 'passes the prefix on', strip: false },
]) {
  test.describe(`behind a proxy at ${PREFIX}/ that ${style.name}`, () => {
    let server: RunningServer
    let proxy: PrefixProxy
    const contexts: BrowserContext[] = []

    test.beforeEach(async () => {
      server = await startServer({ BASE_PATH: PREFIX, TRUST_PROXY: 'loopback' })
      proxy = await prefixProxy(server.url, { strip: style.strip })
    })
    test.afterEach(async () => {
      for (const c of contexts.splice(0)) await c.close()
      await proxy.close()
      await server.stop()
    })

    test('a facilitator opens a wall and a phone that joins by the code posts a label that appears on it', async ({
      browser,
    }) => {
      const base = `${proxy.origin}${PREFIX}`
      const requested: string[] = []

      const desk = await browser.newContext({ locale: 'da-DK', viewport: { width: 1280, height: 800 } })
      contexts.push(desk)
      const page = await desk.newPage()
      recordRequests(page, requested)
      const facilitator = new FacilitatorPage(page, base)
      await facilitator.signIn()
      await expect(page).toHaveURL(`${base}/boards`)
      const { boardId, code } = await facilitator.createBoard('Klub på en understi')
      await expect(page).toHaveURL(`${base}/b/${encodeURIComponent(boardId)}`)
      // People are told the address with the prefix, and the QR code (from the API) loads.
      await expect(page.locator('.wall-panel__joinat')).toContainText(`127.0.0.1:${new URL(base).port}${PREFIX}`)
      await expect
        .poll(() => page.locator('img.wall-panel__qr').evaluate((img: HTMLImageElement) => img.naturalWidth))
        .toBeGreaterThan(0)
      const wall = new WallView(page)

      const { defaultBrowserType: _, ...pixel } = devices['Pixel 5']
      const phoneContext = await browser.newContext({
        ...pixel,
        locale: 'da-DK',
        viewport: { width: 360, height: 640 },
      })
      contexts.push(phoneContext)
      const phonePage = await phoneContext.newPage()
      recordRequests(phonePage, requested)
      await phonePage.goto(`${base}/`)
      await phonePage.getByRole('textbox').first().fill(code)
      await phonePage.getByRole('button', { name: 'Videre' }).click()
      await expect(phonePage).toHaveURL(`${base}/j/${code}`)
      const phone = new PhoneView(phonePage)
      await phone.join('Mira')
      await phone.post('Idé', 'Fællesspisning om torsdagen')
      await phone.expectSaved('Fællesspisning om torsdagen')
      await expect.poll(async () => (await wall.label('Fællesspisning om torsdagen'))?.category).toBe('ide')

      // A fresh load two levels below the prefix still finds its scripts, styles and the board.
      await page.reload()
      await wall.waitOnline()
      await expect.poll(async () => (await wall.labels()).map((l) => l.text)).toEqual(['Fællesspisning om torsdagen'])

      // The installable app's manifest and icon resolve under the prefix too.
      const manifestHref = await page.locator('link[rel="manifest"]').evaluate((l: HTMLLinkElement) => l.href)
      expect(manifestHref).toBe(`${base}/manifest.webmanifest`)
      const manifest = await page.request.get(manifestHref)
      expect(manifest.ok()).toBe(true)
      const { start_url: startUrl, icons } = (await manifest.json()) as { start_url: string; icons: { src: string }[] }
      expect(new URL(startUrl, manifestHref).href).toBe(`${base}/`)
      for (const icon of icons) expect((await page.request.get(new URL(icon.src, manifestHref).href)).ok()).toBe(true)

      expect(requested.length).toBeGreaterThan(10)
      expect(
        requested.filter(
          (u) => !u.startsWith(`${base}/`) && !u.startsWith(`ws://127.0.0.1:${new URL(base).port}${PREFIX}/`),
        ),
      ).toEqual([])
      expect(requested.some((u) => u.startsWith(`ws://127.0.0.1:${new URL(base).port}${PREFIX}/ws/`))).toBe(true)
      expect(proxy.refused).toEqual([])
    })
  })
}
