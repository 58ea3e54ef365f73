/**
 * Loading the optional native kernels built by `native/build.mjs` (node-gyp). Each addon is loaded at most once; when it
 * is missing or fails to load, callers get the reason and run the portable kernels instead.
 */
import { createRequire } from 'node:module';

/** The addons declared in binding.gyp. */
export type NativeAddonName = 'memsweep_eval' | 'memsweep_train';

export type NativeAddonLoad<T> = { readonly ok: true; readonly addon: T } | { readonly ok: false; readonly reason: string };

const require = createRequire(import.meta.url);
const loaded = new Map<NativeAddonName, NativeAddonLoad<unknown>>();

/** Loads `build/Release/<name>.node`; `MEMSWEEP_NATIVE=0` disables every native addon. */
export function loadNativeAddon<T>(name: NativeAddonName): NativeAddonLoad<T> {
  let result = loaded.get(name);
  if (!result) {
    result = tryLoad(name);
    loaded.set(name, result);
  }
  return result as NativeAddonLoad<T>;
}

function tryLoad(name: NativeAddonName): NativeAddonLoad<unknown> {
  if (process.env.MEMSWEEP_NATIVE === '0') return { ok: false, reason: 'disabled by MEMSWEEP_NATIVE=0' };
  try {
    return { ok: true, addon: require(`../build/Release/${name}.node`) };
  } catch (error) {
    return { ok: false, reason: `native addon ${name} not available (${(error as Error).message.split('\n')[0]})` };
  }
}
