// Text that changes often (counts, time left, progress words), set by the server with one method
// call: only this element renders again, not the page (a NiceGUI `update` re-renders every element
// of the page in the browser). See live_text.py.
import { pushed } from "pushed";

export default {
  mixins: [pushed("text")],
  props: { text: String, htmlTag: { type: String, default: "div" } },
  template: `<component :is="htmlTag">{{ shown }}</component>`,
};
