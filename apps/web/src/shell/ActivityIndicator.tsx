import './activity-indicator.css';

const TICKS = 8;

/**
 * The app's loading indicator (every antd Spin and busy Button draws it, through the ConfigProvider): eight
 * ticks fading round a ring, turned a tick at a time. antd's own dots turn smoothly, which has the compositor
 * draw the page again at every frame for as long as anything loads: where the page is drawn in software (no
 * GPU: virtual desktops, the test machines' SwiftShader) that was a CPU core (3.6 s of the GPU process's CPU in
 * 3 s for one small spinner), taken from the page it waits for. Turned in eight steps a turn, it draws eight
 * frames a turn.
 */
export function ActivityIndicator({ className, style }: { className?: string; style?: React.CSSProperties }) {
  return (
    <span className={`tessera-activity ${className ?? ''}`} style={style} aria-hidden>
      <svg viewBox="-12 -12 24 24" width="1em" height="1em">
        {Array.from({ length: TICKS }, (_, i) => (
          <line key={i} x1="0" y1="-10" x2="0" y2="-5" transform={`rotate(${(360 / TICKS) * i})`} opacity={(i + 1) / TICKS} />
        ))}
      </svg>
    </span>
  );
}
