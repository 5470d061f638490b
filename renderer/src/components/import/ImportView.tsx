import { useState } from 'react';
import type { ProfileView } from '../../../../shared/contract';
import type { RequestSeed } from '../RequestPane';
import { Tabs, type TabSpec } from '../Tabs';
import { CurlImport } from './CurlImport';
import { OpenApiImport } from './OpenApiImport';
import { PostmanImport } from './PostmanImport';
import '../../styles/import.css';

type ImportTab = 'curl' | 'openapi' | 'postman';

const tabs: TabSpec<ImportTab>[] = [
  { id: 'curl', label: 'curl command' },
  { id: 'openapi', label: 'OpenAPI' },
  { id: 'postman', label: 'Postman collection' },
];

/**
 * Import: turn what a developer already has (a curl command, an OpenAPI document, a Postman collection) into
 * profiles. Every tab stays mounted so switching does not lose what was pasted. Loaded on first use.
 * `profileNames` are the workspace's profile names, which the proposed names avoid.
 */
export function ImportView(props: {
  profileNames: string[];
  onAdded: (p: ProfileView) => void;
  onOpen: (p: ProfileView, request: Omit<RequestSeed, 'profileId'>) => void;
  onCancel: () => void;
}) {
  const [tab, setTab] = useState<ImportTab>('curl');
  const open = (p: ProfileView) => props.onOpen(p, { url: p.baseUrl ?? '' });
  const panel = (id: ImportTab) => ({ role: 'tabpanel', id: `panel-${id}`, 'aria-labelledby': `tab-${id}`, hidden: tab !== id });
  return (
    <section className="panel import" aria-labelledby="import-title">
      <div className="view-head">
        <h1 id="import-title">Import</h1>
        <button type="button" className="btn" onClick={props.onCancel}>
          Close
        </button>
      </div>
      <p className="lead">Start from what you already have. Credentials found are moved into profiles and your OS keychain; previews never show them.</p>
      <Tabs label="Import from" tabs={tabs} active={tab} onChange={setTab} />
      <div {...panel('curl')}>
        <CurlImport profileNames={props.profileNames} onOpen={props.onOpen} />
      </div>
      <div {...panel('openapi')}>
        <OpenApiImport profileNames={props.profileNames} onAdded={props.onAdded} onOpen={open} />
      </div>
      <div {...panel('postman')}>
        <PostmanImport profileNames={props.profileNames} onAdded={props.onAdded} onOpen={open} />
      </div>
    </section>
  );
}
