"use client";

import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import type { AgentSnapshot } from "@/lib/api-types";
import { CrossingWatcher, type AgentLevel } from "@/lib/display/agent-levels";
import { formatSpan } from "@/lib/display/span";
import type { Vocabulary } from "@/lib/states/vocabulary";
import { storageSignal } from "./stored-setting";

/**
 * Optional sound and browser notification when an agent crosses an alert threshold: off by
 * default, chosen per browser (localStorage), once per crossing. Screen readers hear every
 * crossing through a polite live region, whatever the toggles say: it is what the red row
 * tells everyone else.
 */

interface AlertSettings {
  sound: boolean;
  notify: boolean;
  permission: NotificationPermission | "unsupported";
}

const KEY = "floorview:alerts";
const OFF: AlertSettings = { sound: false, notify: false, permission: "default" };

/** The settings as stored in this browser, the same object while nothing changed. */
let cached: { raw: string; settings: AlertSettings } | null = null;
function read(): AlertSettings {
  let stored = "";
  try {
    stored = localStorage.getItem(KEY) ?? "";
  } catch {}
  const permission = typeof Notification === "undefined" ? "unsupported" : Notification.permission;
  const raw = `${stored}|${permission}`;
  if (cached?.raw !== raw) {
    let parsed: Partial<AlertSettings> | null = null;
    try {
      parsed = JSON.parse(stored || "null") as Partial<AlertSettings> | null;
    } catch {}
    cached = { raw, settings: { sound: parsed?.sound === true, notify: parsed?.notify === true && permission === "granted", permission } };
  }
  return cached.settings;
}

const signal = storageSignal();
function write(settings: Pick<AlertSettings, "sound" | "notify">) {
  try {
    localStorage.setItem(KEY, JSON.stringify({ sound: settings.sound, notify: settings.notify }));
  } catch {}
  signal.changed();
}

let audio: AudioContext | null = null;

/**
 * The page's audio. Browsers let it play only after a click or key on the page, so it is
 * (re)started on the toggle's click and, when sound was chosen in an earlier visit, on the
 * first interaction after the page loads.
 */
function unlockAudio() {
  audio ??= new AudioContext();
  void audio.resume();
}

/** Two short tones. */
function chime() {
  if (!audio) return;
  void audio.resume();
  const t = audio.currentTime;
  for (const [i, hz] of [880, 660].entries()) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = hz;
    gain.gain.setValueAtTime(0.0001, t + i * 0.22);
    gain.gain.exponentialRampToValueAtTime(0.25, t + i * 0.22 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + i * 0.22 + 0.2);
    osc.connect(gain).connect(audio.destination);
    osc.start(t + i * 0.22);
    osc.stop(t + i * 0.22 + 0.21);
  }
}

function describe(vocab: Vocabulary, agent: AgentSnapshot, level: AgentLevel | undefined): { title: string; body: string } {
  const who = agent.name ?? agent.agentId;
  const d = vocab.describe(agent);
  const state = d.label;
  const reason = d.reason === null ? "" : ` · ${d.reason.label}`;
  const limit = level ? ` over ${formatSpan(level.limitMs)}` : "";
  return { title: `${who}: ${state}${reason}${limit}`, body: `Past the alert threshold. Open Floorview to see the floor.` };
}

export function useAlertCrossings(vocab: Vocabulary, agents: readonly AgentSnapshot[], levels: ReadonlyMap<string, AgentLevel>, ready: boolean) {
  const settings = useSyncExternalStore(signal.subscribe, read, () => OFF);
  const [announcement, setAnnouncement] = useState("");
  const watcher = useRef(new CrossingWatcher());

  // Sound remembered from an earlier visit: ready the audio at the first click or key.
  useEffect(() => {
    if (!settings.sound || audio) return;
    window.addEventListener("pointerdown", unlockAudio, { once: true });
    window.addEventListener("keydown", unlockAudio, { once: true });
    return () => {
      window.removeEventListener("pointerdown", unlockAudio);
      window.removeEventListener("keydown", unlockAudio);
    };
  }, [settings.sound]);

  useEffect(() => {
    if (!ready) return;
    const crossed = watcher.current.update(agents, levels);
    if (crossed.length === 0) return;
    const messages = crossed.map((a) => describe(vocab, a, levels.get(a.agentId)));
    setAnnouncement(messages.map((m) => m.title).join(". "));
    const { sound, notify } = read();
    if (sound) chime();
    if (notify) {
      for (const [i, m] of messages.entries()) {
        const n = new Notification(m.title, { body: m.body, tag: `floorview:${crossed[i]!.agentId}` });
        n.onclick = () => window.focus();
      }
    }
  }, [vocab, agents, levels, ready]);

  const change = useCallback(async (patch: Partial<Pick<AlertSettings, "sound" | "notify">>) => {
    if (patch.sound) unlockAudio();
    // Asking for permission is part of turning notifications on (a click: browsers require one).
    if (patch.notify && typeof Notification !== "undefined" && Notification.permission === "default") await Notification.requestPermission();
    write({ ...read(), ...patch });
    if (patch.sound) chime();
  }, []);

  return { settings, change, announcement };
}

export type AlertSettingsControlsProps = Pick<ReturnType<typeof useAlertCrossings>, "settings" | "change">;

export function AlertSettingsControls({ settings, change }: AlertSettingsControlsProps) {
  const { permission } = settings;
  return (
    <fieldset className="flex items-center gap-3 text-sm" data-field="alert-settings">
      <legend className="sr-only">When an agent crosses an alert threshold</legend>
      <span className="font-semibold text-ink-muted" aria-hidden>
        On alert:
      </span>
      <label className="inline-flex items-center gap-1.5">
        <input type="checkbox" className="size-4 accent-current" checked={settings.sound} onChange={(e) => void change({ sound: e.target.checked })} />
        Sound
      </label>
      <label className="inline-flex items-center gap-1.5" title={permission === "denied" ? "This browser blocks Floorview's notifications; allow them in the site settings." : undefined}>
        <input type="checkbox" className="size-4 accent-current" checked={settings.notify} disabled={permission === "unsupported" || permission === "denied"} onChange={(e) => void change({ notify: e.target.checked })} />
        Notification
        {permission === "denied" && <span className="text-alert-ink">(blocked)</span>}
      </label>
    </fieldset>
  );
}
