import { useRef, useState } from 'react';
import type { ProfileView } from '../../../../shared/contract';
import { withoutSecrets, type DraftView } from '../../lib/import-preview';
import { AlternativesList } from './AlternativesList';
import { DocumentSource } from './DocumentSource';
import { DraftList } from './DraftList';
import { WarningList } from './WarningList';

type Parsed = { ok: true; drafts: DraftView[]; alternatives: string[][]; warnings: string[]; nonce: number } | { ok: false; message: string };

/** The importer with its YAML parser, loaded on the first document so neither weighs on the Import view's start. */
const loadImporter = () => import('../../../../shared/import/openapi');

/**
 * An OpenAPI 3.x or Swagger 2.0 document (JSON or YAML): the profiles its security schemes call for, AND/OR
 * explained. Each edit parses again; a reply that arrives after a newer edit is dropped.
 */
export function OpenApiImport(props: { profileNames: string[]; onAdded: (p: ProfileView) => void; onOpen: (p: ProfileView) => void }) {
  const area = useRef<HTMLTextAreaElement>(null);
  const latest = useRef(0);
  const [parsed, setParsed] = useState<Parsed | null>(null);
  const read = async (text: string) => {
    const run = ++latest.current;
    if (!text.trim()) return setParsed(null);
    let next: Parsed;
    try {
      const r = (await loadImporter()).importOpenApi(text);
      next = { ok: true, drafts: r.profiles.map(withoutSecrets), alternatives: r.alternatives, warnings: r.warnings, nonce: Date.now() };
    } catch (e) {
      next = { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
    if (run === latest.current) setParsed(next);
  };
  return (
    <div className="doc-import">
      <DocumentSource
        label="OpenAPI document (JSON or YAML)"
        hint="OpenAPI 3.x or Swagger 2.0, as JSON or YAML."
        areaRef={area}
        onText={(text) => void read(text)}
        accept=".json,.yaml,.yml,application/json,application/yaml"
      />
      {parsed && !parsed.ok && (
        <p className="field-error" role="alert">
          {parsed.message}
        </p>
      )}
      {parsed?.ok && (
        <>
          <AlternativesList alternatives={parsed.alternatives} />
          <WarningList warnings={parsed.warnings} />
          <DraftList key={parsed.nonce} drafts={parsed.drafts} source="the document" sourceSecrets={() => ({})} profileNames={props.profileNames} onAdded={props.onAdded} onOpen={props.onOpen} />
        </>
      )}
    </div>
  );
}
