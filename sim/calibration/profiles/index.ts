import type { Profile } from '../profile.js';
import { lvsClassic } from './lvs-classic.js';
import { modern } from './modern.js';

export const PROFILE_NAMES = ['modern', 'lvs-classic'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export const PROFILES: Readonly<Record<ProfileName, Profile>> = { modern, 'lvs-classic': lvsClassic };
