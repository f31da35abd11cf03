// The batch's progress bar (batch_progress.py): set by the server with one method call per change,
// so only the bar renders again, not the page.
import { pushed } from "pushed";

const pct = (share) => `${(Math.max(0, Math.min(1, share)) * 100).toFixed(2)}%`;

export default {
  mixins: [pushed("state")],
  props: { state: Object, label: String, height: String },
  methods: { pct },
  template: `
    <div class="pd-progress" role="progressbar" :aria-label="label" aria-valuemin="0" aria-valuemax="1"
         :aria-valuenow="shown.now" :aria-valuetext="shown.text" :style="{ height }">
      <div class="pd-seg-verified" :style="{ width: pct(shown.verified) }"></div>
      <div class="pd-seg-busy" :style="{ width: pct(shown.busy) }"></div>
      <div class="pd-seg-failed" :style="{ width: pct(shown.failed) }"></div>
    </div>`,
};
