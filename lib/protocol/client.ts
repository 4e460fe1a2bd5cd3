/**
 * The one typed client every caller of the background uses: content scripts, extension pages and
 * tests. `api('tip', { … })` sends the request and returns its result as a value, never throws.
 */
import type { ParamsOf, RequestType, ResponseOf, Result } from './index';

export type Send = (message: unknown) => Promise<unknown>;
/** Requests without fields take no second argument. */
export type ParamsArg<T extends RequestType> = keyof ParamsOf<T> extends never ? [] : [params: ParamsOf<T>];

export type Api = <T extends RequestType>(type: T, ...params: ParamsArg<T>) => Promise<Result<ResponseOf<T>>>;

export function createApi(send: Send): Api {
  return async (type, ...params) => {
    try {
      const response = (await send({ ...params[0], type })) as Result<never> | undefined;
      return response ?? { ok: false, error: 'The extension background did not answer.' };
    } catch (error) {
      return { ok: false, error: `The extension background is not reachable: ${error instanceof Error ? error.message : String(error)}` };
    }
  };
}
