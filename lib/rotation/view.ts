import type { Setup } from '@/lib/setups/schema';
import { rotationChecklist, type ChecklistItem } from './checklist';
import { QUIET_HOURS } from './quiet';
import { rotationPhase, type Rotation, type RotationPhase } from './schema';

export type RotationView = { rotation: Rotation | null; phase: RotationPhase | null; checklist: ChecklistItem[]; quietHours: number };

export function rotationView(setup: Setup, rotation: (Rotation & { version?: number }) | null): RotationView {
  const checklist = rotationChecklist(setup);
  if (!rotation) return { rotation: null, phase: null, checklist, quietHours: QUIET_HOURS };
  const plain: Rotation = { id: rotation.id, setupId: rotation.setupId, startedAt: rotation.startedAt, updatedAt: rotation.updatedAt, endedAt: rotation.endedAt, cancelled: rotation.cancelled, state: rotation.state };
  return { rotation: plain, phase: rotationPhase(plain, checklist.map((i) => i.id)), checklist, quietHours: QUIET_HOURS };
}
