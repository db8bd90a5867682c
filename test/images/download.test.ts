import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadImage, DownloadError } from '../../src/images/download.js';
import { unreadableText } from '../../src/render/screenshot.js';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/ok') {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.from('0123456789'));
    } else if (req.url === '/declared-too-big') {
      res.writeHead(200, { 'content-length': String(9 * 1024 * 1024) });
      res.write(Buffer.alloc(1024));
      // Never finishes: the client must not wait for the rest.
    } else if (req.url === '/streams-too-much') {
      res.writeHead(200, { 'content-type': 'image/png' });
      const chunk = Buffer.alloc(64 * 1024);
      let sent = 0;
      const more = () => {
        while (sent < 200 && res.write(chunk)) sent++;
        if (sent < 200) res.once('drain', more);
        else res.end();
      };
      more();
    } else if (req.url === '/cut-off') {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': '1000' });
      res.write(Buffer.alloc(100), () => res.destroy());
    } else if (req.url === '/hangs') {
      res.writeHead(200);
      res.write('x');
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('downloading an image', () => {
  it('returns the bytes in memory', async () => {
    expect(Buffer.from(await downloadImage(`${base}/ok`)).toString()).toBe('0123456789');
  });

  it('gives up on files over the size limit, declared or streamed', async () => {
    await expect(downloadImage(`${base}/declared-too-big`)).rejects.toThrow('larger than 8 MB');
    await expect(downloadImage(`${base}/streams-too-much`, { maxBytes: 1024 * 1024 })).rejects.toThrow('larger than 8 MB');
  });

  it('gives up after the timeout', async () => {
    await expect(downloadImage(`${base}/hangs`, { timeoutMs: 300 })).rejects.toThrow('timed out');
  });

  it('reports HTTP errors and refuses URLs that are not http(s)', async () => {
    await expect(downloadImage(`${base}/missing`)).rejects.toMatchObject({ detail: 'HTTP 404' });
    await expect(downloadImage('file:///etc/passwd')).rejects.toThrow('not an http(s) URL');
  });

  it('says why in words a member reads (the HTTP status or the network error only for the logs)', async () => {
    // A link expired (403/404) and nothing listening: what a member is told is the same plain line.
    for (const url of [`${base}/missing`, 'http://127.0.0.1:1/shot.png']) {
      const error = await downloadImage(url).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DownloadError);
      expect((error as DownloadError).message).toBe('the download failed');
      expect((error as DownloadError).detail).toBeTruthy();
      const said = unreadableText({ name: 'shot.png', status: 'failed', text: '', reason: (error as DownloadError).message, tryAgain: true });
      expect(said).toBe('I could not read this image: the download failed. Try again in a minute, or type the code Spotify shows (like `auth:3`).');
    }
  });

  it('keeps for the logs why a download was cut off midway, as it keeps why one failed to start', async () => {
    const error = await downloadImage(`${base}/cut-off`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as DownloadError).message).toBe('the download was cut off');
    expect((error as DownloadError).detail).toMatch(/^terminated: \w/);
  });

  it('keeps for the logs what the network said, not only fetch\'s "fetch failed"', async () => {
    // A port nothing listens on any more.
    const gone = createServer();
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const { port } = gone.address() as AddressInfo;
    await new Promise((resolve) => gone.close(resolve));
    const error = await downloadImage(`http://127.0.0.1:${port}/shot.png`).catch((e: unknown) => e);
    expect((error as DownloadError).message).toBe('the download failed');
    expect((error as DownloadError).detail).toMatch(/ECONNREFUSED/);
  });
});
