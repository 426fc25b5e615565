// memstore admin: the few behaviours plain HTML lacks in some browsers.
// Confirmation dialogs open and close through invoker commands (commandfor, command);
// browsers without them (before Chromium 135, Firefox 144, Safari 26) get the same here.
if (!('command' in HTMLButtonElement.prototype)) {
	document.addEventListener('click', (event) => {
		const button = event.target.closest('button[commandfor]');
		const dialog = button && document.getElementById(button.getAttribute('commandfor'));
		if (!(dialog instanceof HTMLDialogElement)) {
			return;
		}
		if (button.getAttribute('command') === 'show-modal') {
			dialog.showModal();
		}
		else if (button.getAttribute('command') === 'close') {
			dialog.close();
		}
	});
}

// Times read relative ("5 minutes ago"); the exact instant stays in datetime and on hover. Content htmx swaps in
// (a filtered listing, a dream's progress) gets the same.
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const units = [['year', 31536000], ['month', 2592000], ['week', 604800], ['day', 86400], ['hour', 3600],
	['minute', 60], ['second', 1]];
function relativeTimes(root) {
	for (const time of root.querySelectorAll('time[datetime]')) {
		const seconds = (Date.parse(time.getAttribute('datetime')) - Date.now()) / 1000;
		if (Number.isNaN(seconds)) {
			continue;
		}
		const [unit, size] = units.find(([, size]) => Math.abs(seconds) >= size) || ['second', 1];
		time.textContent = relative.format(Math.round(seconds / size), unit);
	}
}
document.addEventListener('DOMContentLoaded', () => relativeTimes(document));
document.addEventListener('htmx:load', (event) => relativeTimes(event.detail.elt));
