/** class-transformer ships no types beside its CommonJS files; only what linear-object-keys.ts touches. */
declare module 'class-transformer/cjs/TransformOperationExecutor' {
  export const TransformOperationExecutor: { readonly prototype: object };
}
