// The batch-done alert (batch_alert.py): this browser's choices (sound, vibration, notification),
// kept in its local storage, and `done`, which the server calls when the batch completes.
// `window.pidashAlerts` counts what the page asked the browser to do (the tests' hook).
const KEY = "pidash.batchAlerts";
const ALL_ON = { sound: true, vibration: true, notification: true };
window.pidashAlerts = window.pidashAlerts || { sound: 0, vibration: 0, notification: 0 };

function readPrefs() {
  try {
    return { ...ALL_ON, ...JSON.parse(localStorage.getItem(KEY) || "{}") };
  } catch (e) {
    return { ...ALL_ON };
  }
}

// Browsers play sound only after a user gesture: the first tap on the page unlocks the audio.
let audio = null;
document.addEventListener(
  "pointerdown",
  () => {
    try {
      audio = audio || new AudioContext();
      audio.resume();
    } catch (e) {
      /* no audio here */
    }
  },
  { capture: true },
);

function alertDone(title, text) {
  const prefs = readPrefs();
  if (prefs.sound) {
    window.pidashAlerts.sound += 1;
    try {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.value = 0.2;
      tone.connect(gain).connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + 0.3);
    } catch (e) {
      /* no gesture yet, or no audio device */
    }
  }
  if (prefs.vibration && navigator.vibrate) {
    window.pidashAlerts.vibration += 1;
    navigator.vibrate([150, 80, 150]);
  }
  if (prefs.notification && "Notification" in window && Notification.permission === "granted") {
    window.pidashAlerts.notification += 1;
    try {
      new Notification(title, { body: text });
    } catch (e) {
      // Chrome on Android allows notifications only from a service worker
      navigator.serviceWorker?.ready.then((worker) => worker.showNotification(title, { body: text }));
    }
  }
}

export default {
  props: { title: String, label: String, choices: Array },
  data() {
    return { prefs: readPrefs() };
  },
  methods: {
    choose(name, on) {
      this.prefs = { ...readPrefs(), [name]: on };
      try {
        localStorage.setItem(KEY, JSON.stringify(this.prefs));
      } catch (e) {
        /* storage disabled */
      }
      if (name === "notification" && on && "Notification" in window) Notification.requestPermission();
    },
    done(title, text) {
      alertDone(title, text);
    },
  },
  template: `
    <div class="row items-center gap-2 text-body2" role="group" :aria-label="label">
      <div>{{ title }}</div>
      <q-checkbox v-for="[name, text] in choices" :key="name" :model-value="prefs[name]" :label="text"
                  @update:model-value="(on) => choose(name, on)" />
    </div>`,
};
