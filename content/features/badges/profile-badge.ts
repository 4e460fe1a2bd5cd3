/** The full badge of a profile header (rank, Tip, Vouch), loaded when a profile's header first appears. */
export { ProfileBadge } from '@/components/ProfileBadge';
