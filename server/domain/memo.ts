/** The value cached under `key`, made and cached on first use (Map or WeakMap). */
export function getOrMake<K, V>(
  cache: { get(k: K): V | undefined; set(k: K, v: V): unknown },
  key: K,
  make: () => V,
): V {
  let v = cache.get(key);
  if (v === undefined) {
    v = make();
    cache.set(key, v);
  }
  return v;
}
