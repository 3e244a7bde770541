/** A problem with something the person loaded (a model, a data set, a run): `source` names the file or URL. */
export class ViewerLoadError extends Error {
  override name = 'ViewerLoadError';
  constructor(
    readonly source: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${source}: ${message}`, options);
  }
}

/** The message of anything thrown, for showing in the page. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
