// @ts-check
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Debian's Chromium; the viewer's tests and benchmark never download a browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Why Chromium cannot run here, or undefined when it can.
 * @returns {string | undefined}
 */
export function chromiumMissing() {
  return existsSync(CHROMIUM_PATH)
    ? undefined
    : `the viewer's browser tests need Debian's Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium (.ci/run does)`;
}

/**
 * Launches headless Chromium with WebGL on SwiftShader (software), so the webgl backend runs without a GPU, and
 * with the background traffic a test has no use for turned off. `webgpu: true` also gives WebGPU a SwiftShader
 * adapter, so both GPU APIs are there, in software, as on a machine without a GPU.
 * @param {{ webgpu?: boolean }} [options]
 * @returns {Promise<import('playwright-core').Browser>}
 */
export function launchChromium(options = {}) {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--ignore-gpu-blocklist',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...(options.webgpu ? ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader'] : []),
    ],
  });
}
