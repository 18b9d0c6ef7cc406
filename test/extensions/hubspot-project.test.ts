import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateUid } from '@hubspot/project-parsing-lib/uid';
import { translate } from '@hubspot/project-parsing-lib/translate';
import { describe, expect, it } from 'vitest';
import { CALLBACK_PATH, REQUIRED_SCOPES as OAUTH_SCOPES } from '../../src/hubspot/oauth';
import {
  EVALUATE_DEAL_OUTPUTS,
  STAGE_GATE_OUTPUTS,
} from '../../extensions/app/workflow-actions/action-contract';

/**
 * Offline validation of the HubSpot project (what `hs project upload` would build): HubSpot's own
 * parser turns extensions/ into its intermediate representation for each profile, and our
 * checks add what a schema cannot know (entrypoints exist, https everywhere, scopes, packages).
 */

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'extensions');
const readJson = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

const project = readJson(join(ROOT, 'hsproject.json'));
const profiles = readdirSync(SRC)
  .map((f) => /^hsprofile\.([^.]+)\.json$/.exec(f)?.[1])
  .filter((p): p is string => p !== undefined)
  .sort();

/** The scopes the backend asks for in its authorize URL: the app must declare exactly these. */
const REQUIRED_SCOPES = [...OAUTH_SCOPES];

it('asks for exactly the scopes Stepwise needs: OAuth, deals and contacts (objects and schemas, read and write)', () => {
  expect([...REQUIRED_SCOPES].sort()).toEqual(
    [
      'oauth',
      'crm.objects.deals.read',
      'crm.objects.deals.write',
      'crm.objects.contacts.read',
      'crm.objects.contacts.write',
      'crm.schemas.deals.read',
      'crm.schemas.deals.write',
      'crm.schemas.contacts.read',
      'crm.schemas.contacts.write',
    ].sort(),
  );
});

interface Node {
  uid: string;
  componentType: string;
  metaFilePath: string;
  config: Record<string, unknown>;
}

async function parse(profile: string) {
  const result = await translate(
    { projectSourceDir: SRC, platformVersion: String(project['platformVersion']) },
    { skipValidation: true, profile },
  );
  const nodes = Object.values(
    result.intermediateRepresentation.intermediateNodesIndexedByUid,
  ) as unknown as Node[];
  return {
    nodes,
    skipped: result.skippedHsMetaFiles,
    profileData: result.intermediateRepresentation.profileData,
  };
}

function byType(nodes: Node[], type: string): Node[] {
  return nodes.filter((n) => n.componentType === type);
}

function isHttpsOrigin(url: unknown): boolean {
  return typeof url === 'string' && /^https:\/\/[a-z0-9.-]+(:\d+)?$/i.test(url);
}

function isHttpsUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

describe('HubSpot project', () => {
  it('is the stepwise project on platform 2026.03 with its sources in extensions/', () => {
    expect(project).toEqual({ name: 'stepwise', srcDir: 'extensions', platformVersion: '2026.03' });
  });

  it('has a local and a prod profile, each with an account and an https BACKEND_URL origin', () => {
    expect(profiles).toEqual(['local', 'prod']);
    for (const p of profiles) {
      const profile = readJson(join(SRC, `hsprofile.${p}.json`));
      expect(Number.isInteger(profile['accountId']), `${p}: accountId`).toBe(true);
      const vars = profile['variables'] as Record<string, unknown>;
      expect(isHttpsOrigin(vars['BACKEND_URL']), `${p}: BACKEND_URL ${String(vars['BACKEND_URL'])}`).toBe(
        true,
      );
      expect(typeof vars['APP_NAME']).toBe('string');
    }
  });

  it('keeps the local dev proxy example pointing the local BACKEND_URL at the local server', () => {
    const example = readJson(join(SRC, 'app', 'local.json.example'));
    const local = readJson(join(SRC, 'hsprofile.local.json'))['variables'] as Record<string, string>;
    expect(example).toEqual({ proxy: { [String(local['BACKEND_URL'])]: 'http://localhost:3000' } });
  });

  describe.each(profiles)('built with the %s profile', (profile) => {
    it('parses with HubSpot’s project parser, every -hsmeta.json in an allowed place, every variable resolved', async () => {
      const { nodes, skipped, profileData } = await parse(profile);
      expect(skipped).toEqual([]);
      expect(nodes.map((n) => `${n.componentType}:${n.uid}`).sort()).toEqual([
        'APPLICATION:stepwise_app',
        'CARD:stepwise_decision_chain_card',
        'CARD:stepwise_sales_steps_card',
        'PAGE:stepwise_manager_page',
        'SETTINGS:stepwise_settings',
        'WEBHOOKS:stepwise_webhooks',
        'WORKFLOW_ACTION:stepwise_evaluate_deal',
        'WORKFLOW_ACTION:stepwise_stage_gate',
      ]);
      expect(JSON.stringify(nodes)).not.toContain('${');
      expect(Object.keys(profileData?.vars.profileVariables ?? {})).toContain('BACKEND_URL');
    });

    it('has valid, stable uids', async () => {
      const { nodes } = await parse(profile);
      for (const n of nodes) {
        expect(validateUid(n.uid), n.uid).toBeUndefined();
        expect(n.uid).toMatch(/^stepwise_[a-z0-9_]+$/);
      }
    });

    it('is a marketplace OAuth app with the backend’s scopes and redirect, and the backend as the only fetch origin', async () => {
      const { nodes } = await parse(profile);
      const [app] = byType(nodes, 'APPLICATION');
      const backend = (
        readJson(join(SRC, `hsprofile.${profile}.json`))['variables'] as Record<string, string>
      )['BACKEND_URL'];
      const config = app?.config as {
        name: string;
        description: string;
        distribution: string;
        auth: { type: string; redirectUrls: string[]; requiredScopes: string[] };
        permittedUrls: { fetch: string[] };
        support: Record<string, string>;
      };
      expect(config.name.length).toBeGreaterThan(0);
      expect(config.description.length).toBeGreaterThan(0);
      expect(config.distribution).toBe('marketplace');
      expect(config.auth.type).toBe('oauth');
      expect([...config.auth.requiredScopes].sort()).toEqual([...REQUIRED_SCOPES].sort());
      expect(config.auth.redirectUrls).toEqual([`${backend}${CALLBACK_PATH}`]);
      expect(config.auth.redirectUrls.every(isHttpsUrl)).toBe(true);
      expect(config.permittedUrls.fetch).toEqual([backend]);
      expect(config.permittedUrls.fetch.every(isHttpsOrigin)).toBe(true);
      expect(config.support['supportEmail']).toMatch(/^[^@\s]+@[^@\s]+$/);
      for (const key of ['documentationUrl', 'supportUrl'])
        expect(isHttpsUrl(config.support[key]), key).toBe(true);
    });

    it('puts both cards in the deal sidebar, with entrypoints that exist and only call hubspot.extend', async () => {
      const { nodes } = await parse(profile);
      const cards = byType(nodes, 'CARD');
      expect(cards).toHaveLength(2);
      for (const card of cards) {
        const c = card.config as {
          name: string;
          location: string;
          entrypoint: string;
          objectTypes: string[];
        };
        expect(c.name.length, card.uid).toBeGreaterThan(0);
        expect(c.location).toBe('crm.record.sidebar');
        expect(c.objectTypes).toEqual(['deals']);
        expect(c.entrypoint).toMatch(/^\/app\/cards\/[a-z0-9-]+\.tsx$/);
        const entry = join(SRC, c.entrypoint);
        expect(existsSync(entry), entry).toBe(true);
        expectEntryOnlyExtends(entry, 'crm.record.sidebar');
      }
    });

    it('has one settings page whose entrypoint exists', async () => {
      const { nodes } = await parse(profile);
      const [settings] = byType(nodes, 'SETTINGS');
      const entrypoint = String(settings?.config['entrypoint']);
      expect(entrypoint).toBe('/app/settings/settings-page.tsx');
      expectEntryOnlyExtends(join(SRC, entrypoint), 'settings');
    });

    it('has one app page (platform 2026.03 app pages) whose entrypoint exists and only calls hubspot.extend', async () => {
      const { nodes } = await parse(profile);
      const pages = byType(nodes, 'PAGE');
      expect(pages.map((p) => p.uid)).toEqual(['stepwise_manager_page']);
      expect(pages[0]?.config).toEqual({ entrypoint: '/app/pages/manager-page.tsx' });
      expectEntryOnlyExtends(join(SRC, '/app/pages/manager-page.tsx'), 'pages');
    });

    it('has the two deal workflow actions, answered by the backend over https, with the contract’s fields and English labels', async () => {
      const { nodes } = await parse(profile);
      const backend = (
        readJson(join(SRC, `hsprofile.${profile}.json`))['variables'] as Record<string, string>
      )['BACKEND_URL'];
      interface Field {
        typeDefinition: { name: string; type: string; fieldType: string; options?: { value: string }[] };
        supportedValueTypes?: string[];
        isRequired?: boolean;
      }
      interface ActionConfig {
        actionUrl: string;
        isPublished: boolean;
        supportedClients: { client: string }[];
        objectTypes: string[];
        inputFields: Field[];
        outputFields: Field[];
        labels: Record<
          string,
          {
            actionName: string;
            actionDescription: string;
            inputFieldLabels?: Record<string, string>;
            outputFieldLabels: Record<string, string>;
          }
        >;
      }
      const actions = Object.fromEntries(
        byType(nodes, 'WORKFLOW_ACTION').map((n) => [n.uid, n.config as unknown as ActionConfig]),
      );
      const expected = {
        stepwise_evaluate_deal: {
          path: '/api/v1/actions/evaluate-deal',
          inputs: [],
          outputs: [...EVALUATE_DEAL_OUTPUTS],
        },
        stepwise_stage_gate: {
          path: '/api/v1/actions/stage-gate',
          inputs: ['required_stage'],
          outputs: [...STAGE_GATE_OUTPUTS],
        },
      };
      expect(Object.keys(actions).sort()).toEqual(Object.keys(expected).sort());
      for (const [uid, want] of Object.entries(expected)) {
        const a = actions[uid];
        if (a === undefined) throw new Error(uid);
        expect(a.actionUrl, uid).toBe(`${backend}${want.path}`);
        expect(isHttpsUrl(a.actionUrl)).toBe(true);
        expect(a.isPublished).toBe(true);
        expect(a.supportedClients).toEqual([{ client: 'WORKFLOWS' }]);
        expect(a.objectTypes).toEqual(['DEAL']);
        expect(a.inputFields.map((f) => f.typeDefinition.name)).toEqual(want.inputs);
        expect(a.outputFields.map((f) => f.typeDefinition.name)).toEqual(want.outputs);
        const en = a.labels['en'];
        expect(en?.actionName, uid).toMatch(/^Stepwise: /);
        expect(en?.actionDescription.length).toBeGreaterThan(20);
        expect(Object.keys(en?.outputFieldLabels ?? {}).sort()).toEqual([...want.outputs].sort());
        expect(Object.keys(en?.inputFieldLabels ?? {}).sort()).toEqual([...want.inputs].sort());
        for (const f of [...a.inputFields, ...a.outputFields]) {
          expect(f.supportedValueTypes, `${uid}.${f.typeDefinition.name}`).toEqual(['STATIC_VALUE']);
          if (f.typeDefinition.type === 'enumeration')
            expect(f.typeDefinition.options?.length).toBeGreaterThan(1);
        }
      }
      const gate = actions['stepwise_stage_gate'];
      expect(gate?.inputFields[0]?.isRequired).toBe(true);
      expect(gate?.inputFields[0]?.typeDefinition.options?.map((o) => o.value)).toEqual(['P', 'I', 'B']);
      expect(gate?.outputFields[0]?.typeDefinition.options?.map((o) => o.value)).toEqual(['yes', 'no']);
      const evaluate = actions['stepwise_evaluate_deal'];
      expect(evaluate?.outputFields[0]?.typeDefinition.options?.map((o) => o.value)).toEqual([
        'none',
        'P',
        'I',
        'B',
        'W',
        'L',
      ]);
    });

    it('sends webhooks to the backend over https', async () => {
      const { nodes } = await parse(profile);
      const [webhooks] = byType(nodes, 'WEBHOOKS');
      const settings = webhooks?.config['settings'] as { targetUrl: string; maxConcurrentRequests: number };
      const backend = (
        readJson(join(SRC, `hsprofile.${profile}.json`))['variables'] as Record<string, string>
      )['BACKEND_URL'];
      expect(settings.targetUrl).toBe(`${backend}/webhooks/hubspot`);
      expect(settings.maxConcurrentRequests).toBeGreaterThan(0);
    });
  });

  it('gives the cards and the settings page their own package.json with the UI extensions SDK and React', () => {
    for (const dir of ['cards', 'settings', 'pages']) {
      const pkg = readJson(join(SRC, 'app', dir, 'package.json')) as {
        dependencies: Record<string, string>;
        type: string;
      };
      expect(pkg.dependencies['@hubspot/ui-extensions'], dir).toMatch(/^\^?0\.17\./);
      expect(pkg.dependencies['react'], dir).toBe('18.3.1');
      expect(pkg.type).toBe('module');
    }
  });

  it('keeps the extensions free of imports from src/ (HubSpot bundles them alone)', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|tsx)$/.test(e.name)) files.push(p);
      }
    };
    walk(join(SRC, 'app'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1] ?? '');
      for (const spec of imports) {
        const ok = spec === 'react' || spec.startsWith('@hubspot/ui-extensions') || spec.startsWith('.');
        expect(ok, `${f} imports ${spec}`).toBe(true);
        if (spec.startsWith('.'))
          expect(resolve(f, '..', spec).startsWith(join(SRC, 'app')), `${f} → ${spec}`).toBe(true);
      }
      // The settings and app pages share only types with the cards (their bundles must not pull
      // card code or the cards' SDK copy in); the pure locale and time helpers are the exception.
      if (f.includes(`${join('app', 'settings')}`) || f.includes(`${join('app', 'pages')}`)) {
        for (const m of text.matchAll(
          /^(?:import|export) (type )?\{[^}]*\} from '((?:\.\.\/)+cards\/[^']+)';$/gm,
        )) {
          if (f.includes(join('app', 'pages')) && /cards\/lib\/(i18n|format-time)$/.test(m[2] ?? ''))
            continue;
          expect(m[1], `${f}: ${m[0]}`).toBe('type ');
        }
      }
    }
  });
});

/** An entry file imports hubspot and one component, and does nothing but hubspot.extend<location>(…). */
function expectEntryOnlyExtends(file: string, location: string): void {
  const text = readFileSync(file, 'utf8');
  const code = text
    .split('\n')
    .filter((l) => !l.trim().startsWith('//') && !l.startsWith('import ') && l.trim() !== '')
    .join('\n');
  expect(text).toContain("import { hubspot } from '@hubspot/ui-extensions';");
  expect(code.startsWith(`hubspot.extend<'${location}'>(`), file).toBe(true);
  expect(code.match(/hubspot\.extend/g)).toHaveLength(1);
  expect(code.trim().endsWith(');'), file).toBe(true);
}
