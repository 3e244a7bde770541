/** Options of {@link attachDrawPad}. */
export interface DrawPadOptions {
  /** Stroke width in canvas pixels; about a tenth of the side, like a pen on a 28-pixel digit. */
  lineWidth?: number;
  /** Called (at most once per animation frame) while and after drawing. */
  onChange: () => void;
}

/**
 * Makes a canvas a black pad to draw on in white with mouse, pen or touch (pointer events), and returns a function
 * that clears it.
 */
export function attachDrawPad(canvas: HTMLCanvasElement, options: DrawPadOptions): () => void {
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (context === null) throw new Error('draw pad: this browser gives no 2D canvas context');
  const ctx = context;
  const lineWidth = options.lineWidth ?? Math.round(canvas.width / 12);
  let drawing = false;
  let last: { x: number; y: number } | null = null;
  let frame = 0;

  const clear = () => {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
  };
  const changed = () => {
    if (frame !== 0) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      options.onChange();
    });
  };
  const point = (event: PointerEvent) => {
    const rect = canvas.getBoundingClientRect();
    return {
      x: ((event.clientX - rect.left) / rect.width) * canvas.width,
      y: ((event.clientY - rect.top) / rect.height) * canvas.height,
    };
  };
  const dot = (p: { x: number; y: number }) => {
    ctx.beginPath();
    ctx.arc(p.x, p.y, lineWidth / 2, 0, Math.PI * 2);
    ctx.fill();
  };

  clear();
  canvas.addEventListener('pointerdown', (event) => {
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    drawing = true;
    last = point(event);
    ctx.fillStyle = '#fff';
    dot(last);
    changed();
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!drawing || last === null) return;
    // Coalesced events keep fast strokes smooth where the browser batches moves.
    const events = event.getCoalescedEvents?.() ?? [event];
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = lineWidth;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(last.x, last.y);
    for (const e of events.length > 0 ? events : [event]) {
      const p = point(e);
      ctx.lineTo(p.x, p.y);
      last = p;
    }
    ctx.stroke();
    changed();
  });
  const end = () => {
    drawing = false;
    last = null;
    changed();
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  return () => {
    clear();
    changed();
  };
}
