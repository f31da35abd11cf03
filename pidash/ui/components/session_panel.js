// The live session's header (session_panel.py): drawn here from one `state` object the server sends
// as a method call when it changes; every word comes from the server, in the page's language.
// the bar is the kiosk's too: served once more as a library, named "batch_progress" in the importmap
import BatchProgress from "batch_progress";
import { pushed } from "pushed";

export default {
  components: { BatchProgress },
  mixins: [pushed("state")],
  props: { state: Object, words: Object },
  template: `
    <div class="column pd-gap-2 full-width">
      <div class="row items-center full-width pd-gap-3">
        <div class="q-badge flex inline items-center no-wrap q-badge--single-line text-body2 q-px-sm q-py-xs"
             :class="'bg-' + shown.color" role="status" aria-live="polite">{{ shown.label }}</div>
        <div class="column">
          <div class="text-subtitle1 text-weight-medium">{{ shown.ssid }}</div>
          <div class="text-caption text-grey-7 pd-mono">{{ shown.session }}</div>
        </div>
        <div class="col-grow"></div>
        <div v-if="shown.left" class="row items-center pd-gap-1">
          <i class="q-icon material-icons pd-icon-sm" aria-hidden="true">timer</i>
          <span class="text-subtitle1">{{ shown.left }}</span>
        </div>
      </div>
      <div v-if="shown.warning" class="row items-center full-width pd-gap-2 q-pa-sm rounded-borders pd-warn-box"
           role="alert">
        <i class="q-icon material-icons pd-icon-sm" aria-hidden="true">hourglass_bottom</i>
        <span>{{ shown.warning }}</span>
      </div>
      <div v-if="shown.paused" class="row items-center full-width pd-gap-2 q-pa-sm rounded-borders pd-warn-box">
        <i class="q-icon material-icons pd-icon-sm" aria-hidden="true">pause_circle</i>
        <span>{{ words.paused }}</span>
      </div>
      <div v-if="shown.asOf" class="row items-center full-width pd-gap-2 text-grey-8">
        <i class="q-icon material-icons pd-icon-sm" aria-hidden="true">sync_problem</i>
        <span>{{ shown.asOf }}</span>
      </div>
      <div class="row items-center full-width pd-gap-2 q-pa-sm rounded-borders pd-outcome-box"
           v-show="shown.outcome" aria-live="polite">
        <i class="q-icon material-icons pd-icon-sm" aria-hidden="true">task_alt</i>
        <span class="text-body1 text-weight-medium">{{ shown.outcome }}</span>
      </div>
      <div class="row full-width pd-gap-3">
        <div v-for="[field, label, icon, color] in words.stats" :key="field"
             class="pd-stat pd-stat-box col-grow row items-center justify-center q-pa-sm">
          <div class="row items-center no-wrap pd-gap-2">
            <i class="q-icon material-icons pd-icon-md" :class="color" aria-hidden="true">{{ icon }}</i>
            <div class="column">
              <div class="pd-stat-value">{{ shown.counts[field] }}</div>
              <div class="text-caption text-grey-7">{{ label }}</div>
            </div>
          </div>
        </div>
      </div>
      <div class="column full-width pd-gap-1">
        <batch-progress :state="shown.bar" :label="words.progress" height="12px"></batch-progress>
        <div class="row items-center full-width pd-gap-3">
          <div class="text-body2 text-weight-medium">{{ shown.progressLabel }}</div>
          <div class="pd-progress-legend text-body2">
            <template v-for="([field, swatch], i) in words.legend" :key="field">
              <span v-if="shown.legend[i]"><span class="pd-swatch" :class="swatch"></span>{{ shown.legend[i] }}</span>
            </template>
          </div>
          <div class="col-grow"></div>
          <div class="row items-center pd-gap-1 text-body2 text-grey-8">
            <i class="q-icon material-icons pd-icon-sm" aria-hidden="true">{{ shown.networkActive ? "router" : "portable_wifi_off" }}</i>
            <span>{{ shown.network }}</span>
          </div>
        </div>
      </div>
    </div>`,
};
