import './base.css';
import './renderers.css';
