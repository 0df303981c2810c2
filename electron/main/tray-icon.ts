/** The tray icon's pixels: a 16 × 16 square in the app's accent blue, as BGRA (no image file to ship). */
export function trayIconBitmap(size = 16): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  for (let i = 0; i < size * size; i += 1) pixels.set([0xb8, 0x57, 0x0b, 0xff], i * 4);
  return pixels;
}
