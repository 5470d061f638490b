import { useRef, useState } from 'react';
import type { ProfileView } from '../../../../shared/contract';
import { importPostman } from '../../../../shared/import/postman';
import { parseJson, withoutSecrets, type DraftView } from '../../lib/import-preview';
import { DocumentSource } from './DocumentSource';
import { DraftList } from './DraftList';
import { WarningList } from './WarningList';

type Parsed = { ok: true; drafts: DraftView[]; warnings: string[]; nonce: number } | { ok: false; message: string };

/**
 * A Postman v2.1 collection with an optional environment. Both stay in their textareas; the preview keeps only which
 * secrets they hold, and the values are read from them again when a profile is created. Once every draft is a
 * profile, both are emptied.
 */
export function PostmanImport(props: { profileNames: string[]; onAdded: (p: ProfileView) => void; onOpen: (p: ProfileView) => void }) {
  const collection = useRef<HTMLTextAreaElement>(null);
  const environment = useRef<HTMLTextAreaElement>(null);
  const [parsed, setParsed] = useState<Parsed | null>(null);

  /** Runs the importer on the two textareas as they are now. */
  const run = () => {
    const env = environment.current?.value.trim() ?? '';
    return importPostman(parseJson(collection.current?.value ?? '', 'collection'), env ? parseJson(env, 'environment') : undefined);
  };
  const read = () => {
    if (!collection.current?.value.trim()) return setParsed(null);
    try {
      const r = run();
      setParsed({ ok: true, drafts: r.profiles.map(withoutSecrets), warnings: r.warnings, nonce: Date.now() });
    } catch (e) {
      setParsed({ ok: false, message: e instanceof Error ? e.message : String(e) });
    }
  };
  const clear = () => {
    for (const area of [collection.current, environment.current]) if (area) area.value = '';
  };

  return (
    <div className="doc-import">
      <DocumentSource label="Postman collection (v2.1 JSON)" hint="Export it from Postman: Collection → Export → Collection v2.1." areaRef={collection} onText={read} />
      <DocumentSource label="Postman environment (optional)" hint="Its variables fill the collection's {{variables}}; it wins over the collection's own, as in Postman." areaRef={environment} onText={read} />
      {parsed && !parsed.ok && (
        <p className="field-error" role="alert">
          {parsed.message}
        </p>
      )}
      {parsed?.ok && (
        <>
          <WarningList warnings={parsed.warnings} />
          <DraftList
            key={parsed.nonce}
            drafts={parsed.drafts}
            source="the collection"
            sourceSecrets={(i) => run().profiles[i]?.secrets ?? {}}
            profileNames={props.profileNames}
            onAdded={props.onAdded}
            onOpen={props.onOpen}
            onAllCreated={clear}
          />
        </>
      )}
    </div>
  );
}
