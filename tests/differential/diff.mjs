#!/usr/bin/env node
// Differential test of the query engine against dynalite.
//
//   node diff.mjs --runner PATH/ks-diff-runner --harness DIR [--requests N]
//                 [--seed S] [--keep DIR] [--verbose]
//
// Generates random single-table models (NoSQL Workbench format: keys of
// S/N/B type, GSIs with ALL/KEYS_ONLY/INCLUDE projections, sparse indexes,
// LSIs) with random items, and random Query/Scan/GetItem requests (key
// conditions, filters, projections, limits, start keys, segments, and
// requests DynamoDB rejects). Each batch runs through the harness of
// ../shared/conformance/harness (query.mjs: dynalite on loopback) and
// through ks-diff-runner, and the responses are compared.
//
// Generated requests stay clear of the places where dynalite and DynamoDB
// differ (conformance/README.md, dynamodb-rules.md): non-ASCII strings in
// filters, empty key values, comparisons of BOOL/NULL/L/M operands, legacy
// parameters; where Keyshape follows an observed DynamoDB wording that
// dynalite does not have, the comparison maps one message to the other
// (see EQUIVALENT_ERRORS).
//
// Exit status: 0 all requests agree, 1 some differ, 77 skipped (no
// harness packages), 2 usage error.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const opt = { requests: 10000, seed: 1, verbose: false };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--runner') opt.runner = args[++i];
  else if (a === '--harness') opt.harness = args[++i];
  else if (a === '--requests') opt.requests = +args[++i];
  else if (a === '--seed') opt.seed = +args[++i];
  else if (a === '--keep') opt.keep = args[++i];
  else if (a === '--verbose' || a === '-v') opt.verbose = true;
  else {
    console.error(`diff.mjs: unknown argument ${a}`);
    process.exit(2);
  }
}
if (!opt.runner || !opt.harness) {
  console.error('usage: node diff.mjs --runner PATH --harness DIR [--requests N] [--seed S]');
  process.exit(2);
}
if (!existsSync(join(opt.harness, 'query.mjs')) || !existsSync(join(opt.harness, 'node_modules', 'dynalite'))) {
  console.log(`SKIP: no harness with npm packages in ${opt.harness} (run "npm ci" in a copy of ../shared/conformance/harness and set KS_HARNESS_DIR)`);
  process.exit(77);
}

// ---------------------------------------------------------------------------
// Random numbers (mulberry32), reproducible from --seed

let state = opt.seed >>> 0;
function rnd() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const chance = (p) => rnd() < p;
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = (a) => a[Math.floor(rnd() * a.length)];
function shuffle(a) {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

// ---------------------------------------------------------------------------
// Values

const ALPHA = 'abcXYZ019#_-.';
function randString(min = 1, max = 6) {
  const prefix = chance(0.4) ? pick(['USER#', 'ORDER#', 'A', 'a#', '']) : '';
  let s = prefix;
  const n = int(min, max);
  for (let i = 0; i < n; i++) s += ALPHA[int(0, ALPHA.length - 1)];
  return s;
}
function randNumber() {
  switch (int(0, 4)) {
    case 0: return String(int(-20, 20));
    case 1: return String(int(0, 1000));
    case 2: return (int(-500, 500) / 8).toString();
    case 3: return String(int(0, 9) * 10 ** int(0, 3));
    default: return (int(1, 99) / 100).toString();
  }
}
function randBinary() {
  const n = int(1, 4);
  const bytes = [];
  for (let i = 0; i < n; i++) bytes.push(pick([0, 1, 0x41, 0x7f, 0x80, 0xff, int(0, 255)]));
  return Buffer.from(bytes).toString('base64');
}
function scalarOf(type) {
  if (type === 'S') return { S: randString() };
  if (type === 'N') return { N: randNumber() };
  return { B: randBinary() };
}
function canonNumber(s) {
  // the value dynalite and Keyshape both store (Big.js toFixed)
  const neg = s.startsWith('-');
  let [i, f = ''] = s.replace('-', '').split('.');
  i = i.replace(/^0+/, '');
  f = f.replace(/0+$/, '');
  const body = (i || '0') + (f ? '.' + f : '');
  return (neg && body !== '0' ? '-' : '') + body;
}
function compareValues(type, a, b) {
  if (type === 'N') {
    const d = Number(a) - Number(b);
    return d < 0 ? -1 : d > 0 ? 1 : 0;
  }
  if (type === 'B') return Buffer.compare(Buffer.from(a, 'base64'), Buffer.from(b, 'base64'));
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

// ---------------------------------------------------------------------------
// Models

const NON_KEY = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'n2', 'status'];

function makeModel(mi) {
  const pkType = pick(['S', 'S', 'N', 'B']);
  const skType = chance(0.8) ? pick(['S', 'S', 'N', 'B']) : null;
  const table = { name: `Diff_${mi}`, pk: { name: pick(['PK', 'pk', 'id']), type: pkType }, sk: null, indexes: [] };
  if (skType) table.sk = { name: pick(['SK', 'sk', 'sortKey']), type: skType };
  const nGsi = int(0, 2);
  for (let g = 0; g < nGsi; g++) {
    const proj = pick(['ALL', 'KEYS_ONLY', 'INCLUDE']);
    const idx = {
      name: `GSI${g + 1}`, kind: 'GSI',
      pk: { name: `g${g}pk`, type: pick(['S', 'N']) },
      sk: chance(0.75) ? { name: `g${g}sk`, type: pick(['S', 'N']) } : null,
      projection: proj,
      include: proj === 'INCLUDE' ? shuffle(['a', 'b', 'd', 'g', 'status']).slice(0, int(1, 2)) : undefined,
      tieFree: chance(0.75),
    };
    if (!idx.sk) idx.tieFree = false;
    table.indexes.push(idx);
  }
  if (table.sk && chance(0.4)) {
    // LSIs use ALL: dynalite does not fetch non-projected attributes
    table.indexes.push({ name: 'LSI1', kind: 'LSI', pk: table.pk, sk: { name: 'l0sk', type: pick(['S', 'N']) },
      projection: 'ALL', tieFree: chance(0.75) });
  }

  // items
  const pkPool = [];
  const nPk = int(1, 6);
  while (pkPool.length < nPk) {
    const v = scalarOf(pkType);
    if (!pkPool.some((x) => JSON.stringify(x) === JSON.stringify(v))) pkPool.push(v);
  }
  const items = [];
  const seen = new Set();
  const nItems = int(5, 90);
  let counter = 0;
  for (let i = 0; i < nItems; i++) {
    const item = {};
    item[table.pk.name] = pick(pkPool);
    if (table.sk) item[table.sk.name] = scalarOf(skType);
    const k = JSON.stringify([item[table.pk.name], table.sk ? item[table.sk.name] : null]);
    if (seen.has(k)) continue;
    seen.add(k);
    // no empty strings: dynalite treats "" (and false) as absent in IN, BETWEEN,
    // attribute_type and size()
    if (chance(0.8)) item.a = { S: randString(1, 5) };
    if (chance(0.7)) item.b = { N: randNumber() };
    if (chance(0.5)) item.c = { BOOL: chance(0.5) };
    if (chance(0.4)) item.d = { SS: [...new Set([randString(), randString(), randString()])].slice(0, int(1, 3)) };
    if (chance(0.3)) item.e = { NS: [...new Set([randNumber(), randNumber()].map(canonNumber))] };
    if (chance(0.5)) item.f = { L: Array.from({ length: int(0, 3) }, () => pick([{ S: randString() }, { N: randNumber() }, { BOOL: true }])) };
    if (chance(0.5)) item.g = { M: { x: { N: randNumber() }, y: { S: randString() }, z: { L: [{ S: randString() }, { N: randNumber() }] } } };
    if (chance(0.2)) item.h = { NULL: true };
    if (chance(0.6)) item.n2 = { N: randNumber() };
    if (chance(0.6)) item.status = { S: pick(['open', 'closed', 'pending']) };
    for (const idx of table.indexes) {
      if (!chance(0.75)) continue;
      if (idx.kind === 'GSI') item[idx.pk.name] = idx.pk.type === 'S' ? { S: pick(['P1', 'P2', 'P3']) } : { N: pick(['1', '2', '30']) };
      if (idx.sk) {
        counter++;
        item[idx.sk.name] = idx.tieFree
          ? (idx.sk.type === 'S' ? { S: `k${String(counter * 7919 % 1000).padStart(4, '0')}${counter}` } : { N: String(counter * 37 % 101 + counter / 1000) })
          : (idx.sk.type === 'S' ? { S: pick(['x', 'y', 'z']) } : { N: pick(['1', '2']) });
      }
    }
    items.push(item);
  }
  return { table, items };
}

function workbenchModel(model) {
  const { table, items } = model;
  const key = (k) => ({ AttributeName: k.name, AttributeType: k.type });
  const t = {
    TableName: table.name,
    KeyAttributes: { PartitionKey: key(table.pk), ...(table.sk ? { SortKey: key(table.sk) } : {}) },
    NonKeyAttributes: [],
    TableData: items,
  };
  const gsis = table.indexes.filter((i) => i.kind === 'GSI');
  const lsis = table.indexes.filter((i) => i.kind === 'LSI');
  const ix = (i) => ({
    IndexName: i.name,
    KeyAttributes: { PartitionKey: key(i.pk), ...(i.sk ? { SortKey: key(i.sk) } : {}) },
    Projection: { ProjectionType: i.projection, ...(i.include ? { NonKeyAttributes: i.include } : {}) },
  });
  if (gsis.length) t.GlobalSecondaryIndexes = gsis.map(ix);
  if (lsis.length) t.LocalSecondaryIndexes = lsis.map(ix);
  for (const i of table.indexes) {
    for (const k of [i.pk, i.sk]) {
      if (k && k.name !== table.pk.name && !t.NonKeyAttributes.some((a) => a.AttributeName === k.name)) {
        t.NonKeyAttributes.push(key(k));
      }
    }
  }
  return { ModelName: table.name, ModelMetadata: { Author: 'diff.mjs' }, DataModel: [t] };
}

// ---------------------------------------------------------------------------
// Requests

class Expr {
  constructor() {
    this.names = {};
    this.values = {};
    this.nv = 0;
    this.nn = 0;
  }
  value(v) {
    const k = `:v${this.nv++}`;
    this.values[k] = v;
    return k;
  }
  name(n) {
    for (const [k, v] of Object.entries(this.names)) if (v === n) return k;
    const k = `#n${this.nn++}`;
    this.names[k] = n;
    return k;
  }
  ref(n) {
    // reserved words and odd names need an alias; others sometimes get one
    if (n === 'status' || chance(0.2)) return this.name(n);
    return n;
  }
  attach(req) {
    if (Object.keys(this.names).length) req.ExpressionAttributeNames = this.names;
    if (Object.keys(this.values).length) req.ExpressionAttributeValues = this.values;
    return req;
  }
}

function viewOf(model, index) {
  const { table, items } = model;
  if (!index) return { keys: [table.pk, table.sk].filter(Boolean), items, index: null };
  const keys = [index.pk, index.sk].filter(Boolean);
  return { keys, items: items.filter((it) => keys.every((k) => it[k.name] !== undefined)), index };
}

function startKeyOf(model, view, item) {
  const k = {};
  for (const a of [model.table.pk, model.table.sk, ...view.keys].filter(Boolean)) k[a.name] = item[a.name];
  return k;
}

const FILTER_PATHS = [
  ['a', 'S'], ['b', 'N'], ['n2', 'N'], ['status', 'S'], ['g.x', 'N'], ['g.y', 'S'], ['g.z[0]', 'S'], ['f[0]', null], ['c', 'BOOL'],
];

function pathText(e, p) {
  // alias each element sometimes
  return p.split('.').map((part) => {
    const m = part.match(/^([A-Za-z0-9]+)(\[\d+\])?$/);
    return e.ref(m[1]) + (m[2] || '');
  }).join('.');
}

function filterLeaf(e, banned) {
  const paths = FILTER_PATHS.filter(([p]) => !banned.has(p.split(/[.[]/)[0]));
  const [p, type] = pick(paths);
  const t = type || pick(['S', 'N']);
  switch (int(0, 9)) {
    case 0:
    case 1: {
      const ops = t === 'S' || t === 'N' ? ['=', '<>', '<', '<=', '>', '>='] : ['=', '<>'];
      const v = t === 'BOOL' ? { BOOL: chance(0.5) } : scalarOf(t);
      return `${pathText(e, p)} ${pick(ops)} ${e.value(v)}`;
    }
    case 2: {
      if (t !== 'S' && t !== 'N') return `attribute_exists(${pathText(e, p)})`;
      let lo = scalarOf(t), hi = scalarOf(t);
      if (compareValues(t, lo[t], hi[t]) > 0) [lo, hi] = [hi, lo];
      return `${pathText(e, p)} BETWEEN ${e.value(lo)} AND ${e.value(hi)}`;
    }
    case 3: {
      if (t === 'BOOL') return `${pathText(e, p)} = ${e.value({ BOOL: chance(0.5) })}`;
      const vs = Array.from({ length: int(1, 4) }, () => scalarOf(t === 'S' || t === 'N' ? t : 'S'));
      return `${pathText(e, p)} IN (${vs.map((v) => e.value(v)).join(', ')})`;
    }
    case 4:
      return `${pick(['attribute_exists', 'attribute_not_exists'])}(${pathText(e, pick(['a', 'b', 'c', 'd', 'g.x', 'g.q', 'f[1]', 'h', 'zz']))})`;
    case 5:
      return `attribute_type(${pathText(e, pick(['a', 'b', 'd', 'e', 'f', 'g', 'h']))}, ${e.value({ S: pick(['S', 'N', 'BOOL', 'SS', 'NS', 'L', 'M', 'NULL']) })})`;
    case 6:
      return `begins_with(${pathText(e, pick(['a', 'g.y', 'status']))}, ${e.value({ S: pick(['', 'a', 'USER#', 'x', 'op', 'A']) })})`;
    case 7:
      return `contains(${pathText(e, pick(['a', 'd', 'f', 'e', 'g.y']))}, ${e.value(chance(0.7) ? { S: pick(['a', 'b', 'USER#', 'X', '#']) } : { N: pick(['1', '2', '0.5']) })})`;
    case 8:
      return `size(${pathText(e, pick(['a', 'd', 'e', 'f', 'g', 'b']))}) ${pick(['=', '<', '<=', '>', '>=', '<>'])} ${e.value({ N: String(int(0, 4)) })}`;
    default:
      // dynalite compares two absent attributes as equal; DynamoDB's answer
      // is not recorded, so both operands are made to exist
      return `(attribute_exists(b) AND attribute_exists(n2) AND ${pathText(e, 'b')} ${pick(['<', '>=', '=', '<>'])} ${pathText(e, 'n2')})`;
  }
}

function filterExpr(e, banned, depth = 0) {
  if (depth >= 2 || chance(0.5)) return filterLeaf(e, banned);
  switch (int(0, 3)) {
    case 0: return `${filterExpr(e, banned, depth + 1)} AND ${filterExpr(e, banned, depth + 1)}`;
    case 1: return `${filterExpr(e, banned, depth + 1)} OR ${filterExpr(e, banned, depth + 1)}`;
    case 2: return `NOT (${filterExpr(e, banned, depth + 1)})`;
    default: return `(${filterExpr(e, banned, depth + 1)}) AND ${filterLeaf(e, banned)}`;
  }
}

function projectionExpr(e) {
  const paths = shuffle(['a', 'b', 'c', 'd', 'f[1]', 'f[0]', 'g.x', 'g.z[1]', 'g.y', 'status', 'h', 'zz', 'PK', 'sk']);
  const chosen = [];
  for (const p of paths.slice(0, int(1, 5))) {
    const head = p.split(/[.[]/)[0];
    if (chosen.some((c) => c.split(/[.[]/)[0] === head)) continue; // no overlaps
    chosen.push(p);
  }
  return chosen.map((p) => pathText(e, p)).join(', ');
}

function keyConditionFor(e, view, item) {
  const [pk, sk] = view.keys;
  const pkv = item ? item[pk.name] : scalarOf(pk.type);
  let kce = `${e.ref(pk.name)} = ${e.value(pkv)}`;
  if (sk && chance(0.7)) {
    const pool = view.items.map((it) => it[sk.name]).filter(Boolean);
    const val = () => (pool.length && chance(0.7) ? pick(pool) : scalarOf(sk.type));
    const name = e.ref(sk.name);
    let cond;
    const ops = ['=', '<', '<=', '>', '>=', 'BETWEEN', ...(sk.type !== 'N' ? ['begins_with'] : [])];
    const op = pick(ops);
    if (op === 'BETWEEN') {
      let lo = val(), hi = val();
      if (compareValues(sk.type, lo[sk.type], hi[sk.type]) > 0) [lo, hi] = [hi, lo];
      cond = `${name} BETWEEN ${e.value(lo)} AND ${e.value(hi)}`;
    } else if (op === 'begins_with') {
      let v = val();
      if (sk.type === 'S') v = { S: v.S.slice(0, int(1, Math.max(1, v.S.length))) };
      cond = `begins_with(${name}, ${e.value(v)})`;
    } else if (chance(0.2)) {
      cond = `${e.value(val())} ${op} ${name}`;
    } else {
      cond = `${name} ${op} ${e.value(val())}`;
    }
    kce = chance(0.5) ? `${kce} AND ${cond}` : `${cond} AND ${kce}`;
    if (chance(0.1)) kce = `(${kce})`;
  }
  return kce;
}

function queryRequest(model) {
  const { table } = model;
  const index = table.indexes.length && chance(0.4) ? pick(table.indexes) : null;
  const view = viewOf(model, index);
  const e = new Expr();
  const req = { TableName: table.name };
  if (index) req.IndexName = index.name;
  const item = view.items.length && chance(0.9) ? pick(view.items) : null;
  req.KeyConditionExpression = keyConditionFor(e, view, item);
  const banned = new Set(view.keys.map((k) => k.name));
  if (chance(0.4)) req.FilterExpression = filterExpr(e, banned);
  const tieFree = !index || index.tieFree;
  if (chance(0.3) && tieFree) req.Limit = int(1, 8);
  if (chance(0.4)) req.ScanIndexForward = false;
  if (chance(0.25) && (!index || index.projection === 'ALL' || chance(0.5))) req.ProjectionExpression = projectionExpr(e);
  else if (chance(0.05)) req.Select = 'COUNT';
  else if (index && chance(0.05)) req.Select = index.projection === 'ALL' || index.kind === 'LSI' ? 'ALL_ATTRIBUTES' : 'ALL_PROJECTED_ATTRIBUTES';
  if (tieFree && item && chance(0.2)) {
    // a start key inside the queried partition
    const same = view.items.filter((it) => JSON.stringify(it[view.keys[0].name]) === JSON.stringify(item[view.keys[0].name]));
    req.ExclusiveStartKey = startKeyOf(model, view, pick(same));
    // dynalite decodes binary keys as UTF-8 when it checks begins_with on
    // the start key, so non-UTF-8 prefixes go wrong there
    if (view.keys[1] && view.keys[1].type === 'B' && req.KeyConditionExpression.includes('begins_with')) delete req.ExclusiveStartKey;
  }
  if (!index && chance(0.05)) req.ConsistentRead = true;
  return { op: 'Query', request: e.attach(req) };
}

function scanRequest(model) {
  const { table } = model;
  const index = table.indexes.length && chance(0.35) ? pick(table.indexes) : null;
  const view = viewOf(model, index);
  const e = new Expr();
  const req = { TableName: table.name };
  if (index) req.IndexName = index.name;
  if (chance(0.5)) req.FilterExpression = filterExpr(e, new Set());
  const tieFree = !index || index.tieFree;
  if (chance(0.3) && tieFree) req.Limit = int(1, 15);
  if (chance(0.2)) {
    req.TotalSegments = pick([1, 2, 3, 4, 7]);
    req.Segment = int(0, req.TotalSegments - 1);
  }
  if (chance(0.2) && (!index || index.projection === 'ALL')) req.ProjectionExpression = projectionExpr(e);
  else if (chance(0.05)) req.Select = 'COUNT';
  if (tieFree && !req.TotalSegments && view.items.length && chance(0.15)) req.ExclusiveStartKey = startKeyOf(model, view, pick(view.items));
  return { op: 'Scan', request: e.attach(req) };
}

function getItemRequest(model) {
  const { table, items } = model;
  const req = { TableName: table.name, Key: {} };
  const item = items.length && chance(0.8) ? pick(items) : null;
  for (const k of [table.pk, table.sk].filter(Boolean)) req.Key[k.name] = item ? item[k.name] : scalarOf(k.type);
  const e = new Expr();
  if (chance(0.3)) req.ProjectionExpression = projectionExpr(e);
  if (chance(0.1)) req.ConsistentRead = true;
  return { op: 'GetItem', request: e.attach(req) };
}

// Requests DynamoDB rejects (messages compared exactly).
function badRequest(model) {
  const { table } = model;
  const view = viewOf(model, null);
  const item = view.items[0];
  const e = new Expr();
  const req = { TableName: table.name };
  const op = 'Query';
  const pkRef = () => e.ref(table.pk.name);
  const pkVal = () => e.value(item ? item[table.pk.name] : scalarOf(table.pk.type));
  const gsi = table.indexes.find((i) => i.kind === 'GSI');
  switch (int(0, 20)) {
    case 0:
      if (!table.sk) return queryRequest(model);
      req.KeyConditionExpression = `${e.ref(table.sk.name)} = ${e.value(scalarOf(table.sk.type))}`;
      break;
    case 1:
      req.KeyConditionExpression = `${pkRef()} = ${e.value(table.pk.type === 'N' ? { S: 'x' } : { N: '1' })}`;
      break;
    case 2:
      if (!table.sk || table.sk.type === 'N') return queryRequest(model);
      req.KeyConditionExpression = `${pkRef()} = ${pkVal()} AND begins_with(${e.ref(table.sk.name)}, ${e.value({ N: '1' })})`;
      break;
    case 3:
      req.IndexName = 'NoSuchIndex';
      req.KeyConditionExpression = `${pkRef()} = ${pkVal()}`;
      break;
    case 4:
      if (!gsi) return queryRequest(model);
      req.IndexName = gsi.name;
      req.ConsistentRead = true;
      req.KeyConditionExpression = `${e.ref(gsi.pk.name)} = ${e.value(gsi.pk.type === 'S' ? { S: 'P1' } : { N: '1' })}`;
      break;
    case 5:
      req.KeyConditionExpression = `${pkRef()} = :missing`;
      break;
    case 6:
      req.KeyConditionExpression = `${pkRef()} = ${pkVal()}`;
      req.ExpressionAttributeValues = { ...e.values, ':unused': { S: 'x' } };
      return { op, request: { ...req, ...(Object.keys(e.names).length ? { ExpressionAttributeNames: e.names } : {}) } };
    case 7:
      req.KeyConditionExpression = `${pkRef()} = ${pkVal()}`;
      e.names['#unused'] = 'zz';
      break;
    case 8:
      req.KeyConditionExpression = `${pkRef()} = ${pkVal()}`;
      req.FilterExpression = `${pick(['status', 'size', 'name', 'data', 'count', 'KEY'])} = ${e.value({ S: 'x' })}`;
      break;
    case 9:
      req.KeyConditionExpression = `${pkRef()} = ${pkVal()}`;
      req.FilterExpression = `${e.ref(table.pk.name)} = ${e.value({ S: 'x' })}`;
      break;
    case 10:
      if (!gsi || gsi.projection === 'ALL') return queryRequest(model);
      req.IndexName = gsi.name;
      req.Select = 'ALL_ATTRIBUTES';
      req.KeyConditionExpression = `${e.ref(gsi.pk.name)} = ${e.value(gsi.pk.type === 'S' ? { S: 'P1' } : { N: '1' })}`;
      break;
    case 11:
      return { op: 'Scan', request: { TableName: table.name, Segment: 3, TotalSegments: 3 } };
    case 12:
      return { op: 'Scan', request: { TableName: table.name, TotalSegments: 2 } };
    case 13:
      if (!item) return queryRequest(model);
      req.KeyConditionExpression = `${pkRef()} = ${pkVal()}`;
      req.ExclusiveStartKey = startKeyOf(model, view, view.items[view.items.length - 1]);
      if (JSON.stringify(req.ExclusiveStartKey[table.pk.name]) === JSON.stringify(item[table.pk.name])) {
        req.ExclusiveStartKey[table.pk.name] = table.pk.type === 'S' ? { S: 'elsewhere' } : table.pk.type === 'N' ? { N: '987654' } : { B: 'AAAA' };
      }
      break;
    case 14:
      return { op: 'GetItem', request: { TableName: table.name, Key: { [table.pk.name]: item ? item[table.pk.name] : scalarOf(table.pk.type) } } };
    case 15:
      req.KeyConditionExpression = `${pkRef()} = ${pkVal()}`;
      req.ProjectionExpression = pick(['a, a', 'g, g.x', 'f[0], f.x', 'g.x, g']);
      break;
    case 16:
      if (!table.sk || table.sk.type === 'B') return queryRequest(model);
      req.KeyConditionExpression = `${pkRef()} = ${pkVal()} AND ${e.ref(table.sk.name)} BETWEEN ${e.value(table.sk.type === 'S' ? { S: 'b' } : { N: '5' })} AND ${e.value(table.sk.type === 'S' ? { S: 'a' } : { N: '1' })}`;
      break;
    case 17:
      req.KeyConditionExpression = pick([
        `${pkRef()} = ${pkVal()} OR ${e.ref('zz')} = ${e.value({ S: 'x' })}`,
        `NOT (${pkRef()} = ${pkVal()})`,
        `${pkRef()} IN (${pkVal()})`,
        `${pkRef()} <> ${pkVal()}`,
        `attribute_exists(${pkRef()})`,
        `size(${pkRef()}) = ${e.value({ N: '1' })}`,
        `${pkRef()} = ${pkVal()} AND ${pkRef()} = ${pkVal()}`,
        `${pkRef()} = ${e.ref('zz')}`,
        `${pkRef()}.x = ${pkVal()}`,
      ]);
      break;
    case 18:
      req.KeyConditionExpression = pick([`${pkRef()} = `, `${pkRef()} == ${pkVal()}`, `${pkRef()} = ${pkVal()} AND`, `(${pkRef()} = ${pkVal()}`, `${pkRef()} = ${pkVal()} !`]);
      break;
    case 19:
      return { op: 'Query', request: { TableName: 'NoSuchTable', KeyConditionExpression: 'x = :x', ExpressionAttributeValues: { ':x': { S: 'a' } } } };
    default:
      req.KeyConditionExpression = `${pkRef()} = ${pkVal()}`;
      req.FilterExpression = pick([
        `contains(a, a)`, `a = a`, `foo(a)`, `size(a)`, `begins_with(a, ${e.value({ N: '1' })})`,
        `attribute_type(a, ${e.value({ S: 'X' })})`, `((a = ${e.value({ S: 'x' })}))`,
        `attribute_exists(${e.value({ S: 'x' })})`, `begins_with(a)`, `a = attribute_exists(b)`,
        `b BETWEEN ${e.value({ N: '1' })} AND ${e.value({ S: 'a' })}`,
      ]);
  }
  return { op, request: e.attach(req) };
}

function makeRequests(model, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const r = rnd();
    const g = r < 0.5 ? queryRequest(model) : r < 0.75 ? scanRequest(model) : r < 0.87 ? getItemRequest(model) : badRequest(model);
    out.push({ name: `#${i}`, ...g });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Comparison

function canonical(v, parent) {
  if (Array.isArray(v)) {
    const a = v.map((x) => canonical(x));
    return parent === 'SS' || parent === 'NS' || parent === 'BS' ? a.sort() : a;
  }
  if (v && typeof v === 'object') {
    const o = {};
    for (const k of Object.keys(v).sort()) o[k] = canonical(v[k], k);
    return o;
  }
  return v;
}
const text = (v) => JSON.stringify(canonical(v));

// Where Keyshape follows an observed DynamoDB message that dynalite words
// differently (dynamodb-rules.md §6): dynalite's form → Keyshape's.
const EQUIVALENT_ERRORS = [
  [/^Conditions can be of length 1 or 2 only$/, /^The number of query conditions \(\d+\) exceeds the number of key attributes defined in the schema \(\d+\)$/],
  [/^KeyConditionExpressions must only contain one condition per key$/, /^Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key$/],
  [/^(Invalid \w+Expression: )Syntax error; .*/, null],
];

function errorsAgree(want, got) {
  if (want.name !== got.name) return false;
  if (want.message === got.message) return true;
  for (const [d, k] of EQUIVALENT_ERRORS) {
    const m = want.message.match(d);
    if (!m) continue;
    if (k === null) return got.message.startsWith(`${m[1]}Syntax error; `);
    return k.test(got.message);
  }
  return false;
}

function orderKeys(model, req) {
  const index = req.IndexName ? model.table.indexes.find((i) => i.name === req.IndexName) : null;
  return viewOf(model, index).keys.map((k) => k.name);
}

function itemsAgree(want, got, keys, sameOrder) {
  if (!got || want.length !== got.length) return false;
  if (!sameOrder) {
    const a = want.map(text).sort(), b = got.map(text).sort();
    return a.every((x, i) => x === b[i]);
  }
  // in order, except among items sharing the same index key
  const group = (it, i) => (keys.every((k) => it[k] !== undefined) ? keys.map((k) => text(it[k])).join('|') : `#${i}`);
  let i = 0;
  while (i < want.length) {
    const g = group(want[i], i);
    let j = i;
    const a = [], b = [];
    while (j < want.length && group(want[j], j) === g) {
      if (group(got[j], j) !== g) return false;
      a.push(text(want[j]));
      b.push(text(got[j]));
      j++;
    }
    a.sort();
    b.sort();
    if (!a.every((x, k) => x === b[k])) return false;
    i = j;
  }
  return true;
}

function indexOf(model, req) {
  return req.IndexName ? model.table.indexes.find((i) => i.name === req.IndexName) : null;
}

function compare(model, r, want, got) {
  if (want.error || got.error) {
    if (!want.error || !got.error) return false;
    return errorsAgree(want.error, got.error);
  }
  const w = want.response, g = got.response;
  if (r.op === 'GetItem') return text(w.Item) === text(g.Item);
  if (w.Count !== g.Count || w.ScannedCount !== g.ScannedCount) return false;
  if (text(w.LastEvaluatedKey) !== text(g.LastEvaluatedKey)) return false;
  if ((w.Items === undefined) !== (g.Items === undefined)) return false;
  if (w.Items === undefined) return true;
  // Ties (items sharing an index key) come in table-key order here and in
  // table-key-hash order in dynalite: group them when the keys are returned,
  // else compare such pages as sets.
  const index = indexOf(model, r.request);
  const keys = orderKeys(model, r.request);
  const keysShown = w.Items.every((it) => keys.every((k) => it[k] !== undefined));
  return itemsAgree(w.Items, g.Items, keys, !index || index.tieFree || keysShown);
}

// ---------------------------------------------------------------------------

const work = opt.keep || mkdtempSync(join(tmpdir(), 'ks-diff-'));
if (opt.keep) mkdirSync(work, { recursive: true });
let done = 0, failed = 0, batch = 0, errors = 0;
const perModel = 250;
try {
  while (done < opt.requests) {
    const model = makeModel(batch);
    const n = Math.min(perModel, opt.requests - done);
    const requests = makeRequests(model, n);
    const modelPath = join(work, `model-${batch}.json`);
    const reqPath = join(work, `requests-${batch}.json`);
    writeFileSync(modelPath, JSON.stringify(workbenchModel(model), null, 1));
    writeFileSync(reqPath, JSON.stringify(requests, null, 1));
    const ref = spawnSync(process.execPath, [join(opt.harness, 'query.mjs'), modelPath, reqPath],
      { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
    if (ref.status !== 0) {
      console.error(`model ${batch}: the harness failed (${ref.status}): ${ref.stderr}`);
      failed += n;
      done += n;
      batch++;
      continue;
    }
    const mine = spawnSync(opt.runner, [modelPath, reqPath], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (mine.status !== 0) {
      console.error(`model ${batch}: ks-diff-runner failed (${mine.status}): ${mine.stderr}`);
      failed += n;
      done += n;
      batch++;
      continue;
    }
    const want = JSON.parse(ref.stdout), got = JSON.parse(mine.stdout);
    for (let i = 0; i < requests.length; i++) {
      if (want[i].error) errors++;
      if (!compare(model, requests[i], want[i], got[i])) {
        failed++;
        if (failed <= 20 || opt.verbose) {
          console.error(`DIFF model ${batch} request ${requests[i].name} (${requests[i].op}): ${JSON.stringify(requests[i].request)}`);
          console.error(`  dynalite: ${JSON.stringify(want[i]).slice(0, 600)}`);
          console.error(`  keyshape: ${JSON.stringify(got[i]).slice(0, 600)}`);
        }
      }
    }
    done += n;
    batch++;
  }
} finally {
  if (!opt.keep) rmSync(work, { recursive: true, force: true });
}
console.log(`${done - failed} of ${done} random requests agree with dynalite (${batch} models, ${errors} rejected requests, seed ${opt.seed})`);
process.exit(failed ? 1 : 0);
