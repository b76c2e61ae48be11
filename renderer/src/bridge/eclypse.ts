import type { ApiError, EclypseApi, Result } from '../../../preload/api';

/** The preload's API; the only way the renderer reaches main. */
export function eclypse(): EclypseApi {
  const api = (window as unknown as { eclypse?: EclypseApi }).eclypse;
  if (!api) throw new Error('window.eclypse is missing: the page was opened outside the app.');
  return api;
}

/** A call that main answered with an error: the code, the message and the hint, as main gave them. */
class ApiFailure extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'ApiFailure';
  }
}

/** The value of a result, or an ApiFailure thrown with its error. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new ApiFailure(result.error);
}

/** Any failure as an ApiError: a renderer bug (not an answer from main) gets a code of its own. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiFailure) return err.error;
  const message = err instanceof Error ? err.message : String(err);
  return {
    code: 'INTERNAL_ERROR',
    message,
    hint: 'Something unexpected happened in the window (a fault of this app, not of the controller). Try again; if it repeats, restart the app.',
  };
}
