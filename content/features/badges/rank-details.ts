/** The rank popover of a profile badge, loaded on the first click. */
export { RankDetails } from '@/components/RankDetails';
