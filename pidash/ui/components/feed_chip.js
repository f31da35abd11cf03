// A live feed's chip (feed_indicator.py): icon, name, state and, as a tooltip, what it means; the
// server sends `state` ([icon, label, detail]) as one method call when it changes. Below 600 px the
// name gives way to a short one ("Prov."), never to nothing: two chips reading "Live" "Live" say
// nothing of which feed is which.
import { pushed } from "pushed";

export default {
  mixins: [pushed("state")],
  props: { state: Array, name: String, narrow: String, offline: String, testid: String },
  template: `
    <div>
      <i class="q-icon material-icons pd-icon-sm" aria-hidden="true">{{ shown[0] }}</i>
      <div class="text-caption gt-xs">{{ name }}</div>
      <div class="text-caption xs">{{ narrow }}</div>
      <div class="text-caption text-weight-bold pd-online-only" :data-testid="testid">{{ shown[1] }}</div>
      <div class="text-caption text-weight-bold pd-offline-only">{{ offline }}</div>
      <q-tooltip>{{ shown[2] }}</q-tooltip>
    </div>`,
};
