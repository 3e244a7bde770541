export { missingFontReason } from './fonts.js';
export { type RenderPngOptions, renderPng, svgToPng } from './render-png.js';
export { type ChartFiles, writeChart } from './write-chart.js';
