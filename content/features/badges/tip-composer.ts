/** The tip composer, loaded on the first Tip click. */
export { TipComposer } from '@/components/TipComposer';
