import { describe, expect, it } from 'vitest';
import { compactGraph, type NetworkData } from '../../src/network/graph.js';
import { phaseAnalysis } from '../../src/network/phases.js';
import { attributeRoles, roleAgreement, structuralRoles } from '../../src/network/roles.js';

/** Two stars (hubs A with 10 leaves, B with 8) joined through a connector C: A–C–B. */
function twoStars(): NetworkData {
  const edges: NetworkData['edges'] = [];
  const nodes = ['A', 'B', 'C'];
  for (let k = 0; k < 10; k++) {
    nodes.push(`a${k}`);
    edges.push({ source: 'A', target: `a${k}`, weight: 1 });
  }
  for (let k = 0; k < 8; k++) {
    nodes.push(`b${k}`);
    edges.push({ source: 'B', target: `b${k}`, weight: 1 });
  }
  edges.push({ source: 'A', target: 'C', weight: 1 }, { source: 'C', target: 'B', weight: 1 });
  return {
    name: 'two-stars',
    file: '',
    format: 'test',
    directed: false,
    nodes,
    edges,
    attributes: new Map(),
    warnings: [],
  };
}

describe('structural roles', () => {
  it('calls the best-connected hub the leader, the hub and connector that link others the middle layer', () => {
    const r = structuralRoles(compactGraph(twoStars()));
    // 21 nodes: round(0.05 × 21) = 1 leader (A, degree 11); middle = non-leaders with betweenness > 0.
    expect(r.roles.slice(0, 3)).toEqual(['leader', 'middle', 'middle']);
    expect(r.roles.slice(3).every((x) => x === 'periphery')).toBe(true);
    expect(r.degree[0]).toBe(11);
    expect(r.degree[1]).toBe(9);
    // C lies on every path between A's side (11 nodes) and B's side (9 nodes): 11 × 9 = 99 pairs,
    // normalised by (n − 1)(n − 2)/2 = 190.
    expect(r.betweenness[2]).toBeCloseTo(99 / 190, 12);
  });

  it('breaks ties by order of first appearance', () => {
    const data = twoStars();
    // Give B as many leaves as A: the tie at degree 11 goes to A, which appears first.
    data.nodes.push('b8', 'b9');
    data.edges.push({ source: 'B', target: 'b8', weight: 1 }, { source: 'B', target: 'b9', weight: 1 });
    const r = structuralRoles(compactGraph(data), { leaderShare: 0.01 });
    expect(r.roles[0]).toBe('leader');
    expect(r.roles[1]).toBe('middle');
  });
});

describe('roles from attributes and their agreement', () => {
  it('maps values to roles as whole words, case-insensitively', () => {
    const data = twoStars();
    data.attributes.set('A', { title: 'Boss' });
    data.attributes.set('B', { title: 'underboss' });
    data.attributes.set('C', { title: 'executive' });
    data.attributes.set('a0', { title: 'soldier' });
    const roles = attributeRoles(data, {
      attribute: 'title',
      leader: ['boss'],
      middle: ['executive'],
      source: 'test',
    });
    // "underboss" is not the word "boss": it is periphery under this mapping.
    expect(roles.slice(0, 4)).toEqual(['leader', 'periphery', 'middle', 'periphery']);
    expect(roles[4]).toBeUndefined();
  });

  it("computes the agreement table and Cohen's kappa", () => {
    // 10 nodes: structural L L M M M P P P P P vs attribute L M M M P P P P P P.
    const s = [
      'leader',
      'leader',
      'middle',
      'middle',
      'middle',
      'periphery',
      'periphery',
      'periphery',
      'periphery',
      'periphery',
    ] as const;
    const a = [
      'leader',
      'middle',
      'middle',
      'middle',
      'periphery',
      'periphery',
      'periphery',
      'periphery',
      'periphery',
      'periphery',
    ] as const;
    const r = roleAgreement(s, a);
    expect(r.n).toBe(10);
    expect(r.table.leader.middle).toBe(1);
    expect(r.table.middle.periphery).toBe(1);
    expect(r.agreement).toBeCloseTo(0.8, 12);
    // Chance agreement: 0.2×0.1 + 0.3×0.3 + 0.5×0.6 = 0.41; kappa = (0.8 − 0.41)/(1 − 0.41).
    expect(r.kappa).toBeCloseTo(0.39 / 0.59, 12);
  });
});

describe('phases', () => {
  it('tracks who enters, leaves and changes role between phases', () => {
    const one = twoStars();
    const two = twoStars();
    // In phase two the connector C is gone and B's side is reached through a new connector D.
    two.nodes = two.nodes.filter((id) => id !== 'C').concat('D');
    two.edges = two.edges
      .filter((e) => e.source !== 'C' && e.target !== 'C')
      .concat({ source: 'A', target: 'D', weight: 1 }, { source: 'D', target: 'B', weight: 1 });
    two.name = 'two';
    const r = phaseAnalysis([one, two], { top: 3 });
    // Top 3 by degree: A, B, C then A, B, D: Jaccard 2/4.
    expect(r.changes[0]).toMatchObject({ common: 20, entered: 1, left: 1, topDegreeJaccard: 0.5 });
    expect(r.changes[0].degreeSpearman).toBeCloseTo(1, 12);
    expect(r.tracks.find((t) => t.id === 'C')).toMatchObject({ degree: [2, null] });
    expect(r.tracks.find((t) => t.id === 'D')).toMatchObject({ degree: [null, 2], role: [null, 'middle'] });
  });
});
