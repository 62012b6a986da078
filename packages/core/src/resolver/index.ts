export {
  createProviderResolver,
  type ProviderResolver,
  type ProviderResolverOptions,
  type ResolvedModel,
} from './create-provider-resolver.js';
export { hasKnownNativeModelId, nativeModelId } from './native-model-id.js';
