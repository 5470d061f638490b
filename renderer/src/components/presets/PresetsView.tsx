import { useState } from 'react';
import type { ProfileView } from '../../../../shared/contract';
import type { Preset } from '../../../../shared/presets';
import type { RequestSeed } from '../RequestPane';
import { PresetForm } from './PresetForm';
import { PresetPicker } from './PresetPicker';
import '../../styles/presets.css';

/**
 * "Add from a provider": search the provider presets, pick one, fill in its per-account values and its secrets, and
 * get a profile shaped as the provider documents it. Loaded on first use (it carries the preset catalog).
 */
export function PresetsView(props: { onCreated: (p: ProfileView, request: Omit<RequestSeed, 'profileId'>) => void; onCancel: () => void }) {
  // `count` tells the form about every pick, the same provider's again included, so it can take focus each time.
  const [picked, setPicked] = useState<{ preset: Preset; count: number } | null>(null);
  const pick = (p: Preset) => setPicked((old) => ({ preset: p, count: (old?.count ?? 0) + 1 }));
  return (
    <section className="panel presets" aria-labelledby="presets-title">
      <div className="view-head">
        <h1 id="presets-title">Add from a provider</h1>
        <button type="button" className="btn" onClick={props.onCancel}>
          Close
        </button>
      </div>
      <p className="lead">Pick the API you want to call: Authdesk sets up its auth the way the provider documents it. You bring the keys.</p>
      <div className="presets-split">
        <PresetPicker selectedId={picked?.preset.id ?? null} onSelect={pick} />
        {picked ? (
          <PresetForm key={picked.preset.id} preset={picked.preset} picks={picked.count} onCreated={props.onCreated} />
        ) : (
          <p className="hint presets-placeholder">Choose a provider to see what it needs. Type to filter; arrow keys and Enter pick one.</p>
        )}
      </div>
    </section>
  );
}
