import { useRef, useState } from 'react';
import type { ProfileView } from '../../../../shared/contract';
import { importOpenApi } from '../../../../shared/import/openapi';
import { withoutSecrets, type DraftView } from '../../lib/import-preview';
import { AlternativesList } from './AlternativesList';
import { DocumentSource } from './DocumentSource';
import { DraftList } from './DraftList';
import { WarningList } from './WarningList';

type Parsed = { ok: true; drafts: DraftView[]; alternatives: string[][]; warnings: string[]; nonce: number } | { ok: false; message: string };

/** An OpenAPI 3.x or Swagger 2.0 document (JSON): the profiles its security schemes call for, AND/OR explained. */
export function OpenApiImport(props: { onAdded: (p: ProfileView) => void; onOpen: (p: ProfileView) => void }) {
  const area = useRef<HTMLTextAreaElement>(null);
  const [parsed, setParsed] = useState<Parsed | null>(null);
  const read = (text: string) => {
    if (!text.trim()) return setParsed(null);
    try {
      const r = importOpenApi(text);
      setParsed({ ok: true, drafts: r.profiles.map(withoutSecrets), alternatives: r.alternatives, warnings: r.warnings, nonce: Date.now() });
    } catch (e) {
      setParsed({ ok: false, message: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <div className="doc-import">
      <DocumentSource
        label="OpenAPI document (JSON)"
        hint="OpenAPI 3.x or Swagger 2.0, as JSON. YAML must be converted to JSON first."
        areaRef={area}
        onText={read}
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
          <DraftList key={parsed.nonce} drafts={parsed.drafts} source="the document" sourceSecrets={() => ({})} onAdded={props.onAdded} onOpen={props.onOpen} />
        </>
      )}
    </div>
  );
}
