import { ROLE_COLORS } from '../../../src/network/role-colors.js';
import type { NetworkMessage } from './messages.js';
import type { Role } from './types.js';

/** Role colours: the SVG reports' (src/network/role-colors.ts), one per role everywhere; a role's name is its message key. */
export const ROLE_FILL: Record<Role, string> = ROLE_COLORS;

/** Strategies the form offers (the disrupt route's names) and their labels. */
export const STRATEGIES = ['degree', 'betweenness', 'random', 'leaders', 'middle'] as const;
export type StrategyId = (typeof STRATEGIES)[number];
export const STRATEGY_MESSAGE: Record<StrategyId, NetworkMessage> = {
  degree: 'degree',
  betweenness: 'betweenness',
  random: 'random',
  leaders: 'leaders',
  middle: 'middleLayer',
};
/** Short names, for the charts' legend and the table. */
export const STRATEGY_SHORT: Record<StrategyId, NetworkMessage> = {
  degree: 'shortDegree',
  betweenness: 'shortBetweenness',
  random: 'shortRandom',
  leaders: 'shortLeaders',
  middle: 'shortMiddle',
};
/** One colour per strategy, kept when others are added or dropped (Okabe–Ito, legible to colour-blind readers). */
export const STRATEGY_COLOR: Record<StrategyId, string> = {
  degree: '#0072b2',
  betweenness: '#d55e00',
  random: '#555555',
  leaders: '#cc79a7',
  middle: '#009e73',
};
