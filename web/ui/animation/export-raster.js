// The browser's rasteriser for the exports: an SVG text drawn through an <img> (a data: URL, so a
// strict img-src 'self' data: policy allows it) onto a canvas with a white background.

/** A rasteriser for export.js's makeExport(): { rgba(svg, w, h), png(svg, w, h) } on `doc`. */
export function canvasRaster(doc = document) {
  async function draw(svg, w, h) {
    const img = new Image();
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
    await img.decode();
    const canvas = doc.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, w, h);
    ctx.drawImage(img, 0, 0, w, h);
    return { canvas, ctx };
  }
  return {
    async rgba(svg, w, h) {
      const { ctx } = await draw(svg, w, h);
      return ctx.getImageData(0, 0, w, h).data;
    },
    async png(svg, w, h) {
      const { canvas } = await draw(svg, w, h);
      const blob = await new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('canvas.toBlob gave nothing'))), 'image/png'));
      return new Uint8Array(await blob.arrayBuffer());
    },
  };
}

/** Offers bytes as a download named `name` (an <a download> on an object URL, revoked afterwards). */
export function download(doc, host, { name, type, bytes }) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  host.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
