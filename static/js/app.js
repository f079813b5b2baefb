// Progressive enhancements; every page works without them.
document.addEventListener("change", (e) => {
  if (e.target.matches("[data-autosubmit]")) e.target.form.submit();
});

// "Add another" for formsets: clone the empty form kept in a <template>.
document.addEventListener("click", (e) => {
  const button = e.target.closest("[data-formset-add]");
  if (!button) return;
  const prefix = button.dataset.formsetAdd;
  const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
  const template = document.getElementById(`${prefix}-empty`);
  const index = parseInt(total.value, 10);
  const html = template.innerHTML.replace(/__prefix__/g, index);
  document.getElementById(`${prefix}-rows`).insertAdjacentHTML("beforeend", html);
  total.value = index + 1;
  const first = document.querySelector(`#${prefix}-rows > :last-child input, #${prefix}-rows > :last-child select`);
  if (first) first.focus();
});
