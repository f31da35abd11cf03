// Text that changes often (counts, time left, progress words), set by the server with one method
// call: only this element renders again, not the page (a NiceGUI `update` re-renders every element
// of the page in the browser). See live_text.py.
export default {
  props: { text: String, htmlTag: { type: String, default: "div" } },
  data() {
    return { shown: this.text };
  },
  watch: {
    // a full update of the element (e.g. its visibility changed) carries the latest text
    text(value) {
      this.shown = value;
    },
  },
  methods: {
    set(value) {
      this.shown = value;
    },
  },
  template: `<component :is="htmlTag">{{ shown }}</component>`,
};
